import type { ComponentType } from 'react';
import type { CaseAction } from '../../../../src/domain/case/actions.ts';
import type { OpenLine } from '../../../../src/domain/lines/registry.ts';
import type { CaseEventView, CaseView } from '../../api/types.ts';
import type { Messages } from '../../i18n/messages.ts';
import type { ActionSpec } from '../action-specs.ts';

/** A case of one open line, as the API shows it. */
export type CaseViewOf<L extends OpenLine> = Extract<CaseView, { line: L }>;

/**
 * A line's part of the UI, one file per line under `web/src/case/lines/` and one entry in
 * `WEB_LINES`: the forms of the line's own actions, how its events read in the timeline, the
 * card of its facts on the case page, and what its registration asks. The pages ask the
 * registry; none of them names a line.
 */
export interface WebLine<L extends OpenLine> {
  /** The forms of the actions only this line takes (its classification, plan, payments…). */
  readonly actions: (m: Messages) => { readonly [A in CaseAction]?: ActionSpec<CaseViewOf<L>> };
  /** What the line calls an action where it differs (整改完成 on a rectification item). */
  readonly actionLabel: (m: Messages, action: CaseAction) => string | undefined;
  /** The timeline's lines for an event only this line records; undefined for any other. */
  readonly timeline: (event: CaseEventView, m: Messages) => string[] | undefined;
  /** The card of the line's facts on the case page: the payment plan, the rectification plan. */
  readonly FactsCard: ComponentType<{ record: CaseViewOf<L> }>;
  /**
   * The law beside the work map, where the line has one (保障中小企业款项支付条例 on an arrear): its
   * card beside the deadline story, which may open one of the case's actions; the ledger and the
   * cockpit count 依法逾期 on such a line.
   */
  readonly LawCard?: ComponentType<{ record: CaseViewOf<L>; onAct: (action: CaseAction) => void }>;
  /** Whether the case page shows the claimed, confirmed, paid and outstanding amounts. */
  readonly showsAmounts: (record: CaseViewOf<L>) => boolean;
  /** What the line calls those amounts where it differs from an arrear's (应兑现, 已拨付 on a policy benefit). */
  readonly amountLabels?: (m: Messages) => AmountLabels;
  /** What its registration asks beside the common fields. */
  readonly registration: {
    /** Whether a case of the line always concerns an enterprise, or may concern none (G2). */
    readonly enterprise: 'required' | 'optional';
    readonly claimedAmount: (m: Messages) => { readonly label: string; readonly required: boolean; readonly help?: string };
    readonly placeholders: (m: Messages) => { readonly title: string; readonly facts: string };
    readonly responsibleUnitLabel: (m: Messages) => string;
    /** The line's particulars (the contract behind an arrear), when a registration or a complaint may carry them. */
    readonly particulars?: RegistrationParticulars;
  };
  /** What an enterprise's own complaint on the line (企业在线诉求) says and asks, when the line takes one. */
  readonly complaint?: (m: Messages) => ComplaintTexts;
}

/** A line's particulars in the registration and complaint forms: their section, and the command's `particulars` from the form's values. */
export interface RegistrationParticulars {
  readonly Fields: ComponentType<{ audience: 'staff' | 'enterprise' }>;
  /** The `particulars` of the registration, or undefined when the form names none. */
  readonly toParticulars: (values: Record<string, unknown>, audience: 'staff' | 'enterprise') => Record<string, unknown> | undefined;
  /** The form's path of an error the server names ("particulars.contract.deliveredOn" → "contract.deliveredOn"). */
  readonly fieldOf: (path: string) => string;
}

/** The case page's four amounts, as a line names them. */
export interface AmountLabels {
  readonly claimed: string;
  readonly confirmed: string;
  readonly paid: string;
  readonly outstanding: string;
}

/** The portal's complaint form as a line words it: what it is about, whom it is against, what amount it names. */
export interface ComplaintTexts {
  readonly title: string;
  readonly intro: string;
  readonly unit: string;
  readonly subjectPlaceholder: string;
  readonly amount: string;
  readonly amountRequired: boolean;
  readonly factsPlaceholder: string;
  readonly attachments: string;
}
