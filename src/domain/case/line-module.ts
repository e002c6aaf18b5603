import type { z } from 'zod';
import type { LocalDate } from '../calendar.ts';
import type { LprRate } from '../lines/arrears/late-interest.ts';
import type { Line, Source } from '../lines/vocabulary.ts';
import type { RuleId } from '../rules.ts';
import type { PaymentRegulationArticleName } from '../payment-regulation.ts';
import type { CaseKind } from '../lines/case-kinds.ts';
import type { CaseAction } from './actions.ts';
import type { OpenLine } from '../lines/registry.ts';
import type { CaseCommand, CommandOf } from './commands.ts';
import type { DecideContext } from './decision.ts';
import type { CaseEvent, CaseEventDraft, CommonEventPayloads, Draft, PlacedEvent } from './events.ts';
import type { CaseCore, CaseRecord, CaseRecordOf } from './record.ts';
import type { CaseState } from './states.ts';

/**
 * The contract between the case engine and a line of the special action (SPEC §3). A line is
 * one module under `src/domain/lines/<line>/` registered in `src/domain/lines/registry.ts`; the
 * engine finds everything line-specific through it and never asks which line a case is on.
 */

/**
 * One action on a line's path: the states it may lead to, the decider that checks the command
 * and returns the event, the evolver that applies the event to the case, and what must hold
 * beyond the flow for the case page to offer it.
 */
export interface LineStep<R, A extends CaseAction, P> {
  /** The states the action may lead to on the line; empty when it keeps the state. */
  readonly to: readonly CaseState[];
  /**
   * States in which the line may take the action without leaving them, beside leading to `to`:
   * beyond FLOW's `from` (a payment on the undisputed part while the rest is disputed), or within
   * it (a written result settles a complaint of retaliation, and only notes the result on any
   * other case); absent on most steps.
   */
  readonly stays?: readonly CaseState[];
  /**
   * Whether the action is on this case's path at all; absent when it is on every case's of the
   * line. A kind of case the line keeps apart takes fewer (a complaint of retaliation no payment).
   */
  readonly serves?: (record: R) => boolean;
  /** @throws AppError with the rule's code when the command breaks it; nothing is written. */
  readonly decide: (record: R, command: CommandOf<A>, context: DecideContext) => Draft<A, P>;
  /** What the event changes beyond state, rule, deadline, version and time. */
  readonly evolve: (record: R, event: PlacedEvent<A, P>) => R;
  readonly ready?: (record: R) => boolean;
}

/** A step every line takes the same way: it reads and writes only the case's core. */
export interface CommonStep<A extends CaseAction, P> {
  readonly to: readonly CaseState[];
  readonly decide: (record: CaseCore, command: CommandOf<A>, context: DecideContext) => Draft<A, P>;
  readonly evolve: <R extends CaseCore>(record: R, event: PlacedEvent<A, P>) => R;
  readonly ready?: (record: CaseCore) => boolean;
}

/** The register event's payload, as a line checks it. */
export type RegisterPayload = CommonEventPayloads['register'];

/**
 * What a registration decides on: the payload but its intake status, which the decision sets
 * (S3), with the line's particulars as the command named them, which the line records.
 */
export type RegistrationPayload = Omit<RegisterPayload, 'intakeStatus' | 'particulars'> & { readonly particulars?: Record<string, unknown> };

/**
 * A2, I1: the year rule on a case: the day by which its lump sum is due in the year it was
 * fixed, and whether 营商办 approved paying across the year end. Reports flag both (S5).
 */
export interface YearRule {
  readonly dueOn: LocalDate;
  readonly exceptionApproved: boolean;
}

/**
 * A line's particulars (案件要素) beyond the common fields, such as the contract behind an arrear:
 * a registration may carry them, and the line's own `amend_particulars` step adds or corrects
 * them later. `R` is the line's case, `Q` what a registration records of them.
 */
export interface LineParticulars<R, Q> {
  /** What a command says of them (`particulars` of a registration or of `amend_particulars`). */
  readonly patch: z.ZodObject;
  /** What a registration records, derived from its patch on the day. @throws AppError when the facts contradict each other */
  readonly onRegistration: (patch: Record<string, unknown>, context: DecideContext) => Q;
  /** The new case with what its registration recorded. */
  readonly registered: (record: R, recorded: Q) => R;
}

/** A line's `classify` payload schema: an object discriminated by `line`. */
export type ClassificationSchema = z.ZodObject<{ line: z.ZodLiteral<string> } & z.ZodRawShape>;

/**
 * A line: `L` its code, `F` the facts it keeps on its cases, `P` its own event payloads,
 * `C` the schema of its classification and `PF` the fields its plans carry.
 */
export interface LineModule<L extends Line, F extends object, P extends object, C extends ClassificationSchema, PF extends z.ZodRawShape> {
  readonly line: L;
  /** The prefix of its case numbers (QK2026-00017). */
  readonly numberPrefix: string;
  /** The intake channels its cases come from (S3). */
  readonly sources: readonly Source[];
  /** The facts a new case of the line starts with. */
  readonly initialFacts: F;
  /** What a registration of the line must carry beyond the common fields. @throws AppError VALIDATION_FAILED */
  readonly checkRegistration: (payload: RegistrationPayload) => void;
  /** `classify`'s `classification` on this line. */
  readonly classification: C;
  /** The fields `propose_plan` carries on this line, and what the plan is called. */
  readonly planFields: PF;
  readonly planLabel: string;
  /** The line's path: every action it uses, common steps included, with its decider and evolver. */
  readonly steps: { readonly [A in Extract<keyof (CommonEventPayloads & P), CaseAction>]?: LineStep<CaseRecordOf<L, F>, A, (CommonEventPayloads & P)[A]> };
  /** Actions the line names its own way (整改完成 for `fulfil` on a rectification). */
  readonly actionLabels: Partial<Record<CaseAction, string>>;
  /** The rules of the case page's "依据" panel that the line's facts call for, besides the case's own rule. */
  readonly basis: (record: CaseRecordOf<L, F>) => RuleId[];
  /** The articles of 保障中小企业款项支付条例 the line's facts call for on the same panel (the payment term, the undisputed part…). */
  readonly regulation?: (record: CaseRecordOf<L, F>) => PaymentRegulationArticleName[];
  /** A2, I1: the year rule on the case now, or null when none applies. */
  readonly yearRule: (record: CaseRecordOf<L, F>) => YearRule | null;
  /** Older shapes of the line's own payloads, read as the current ones (`upcastEvent`). */
  readonly upcast: { readonly [T in keyof P]?: (payload: Record<string, unknown>) => P[T] };
  /** The line's particulars, when it keeps any beyond the common fields. */
  readonly particulars?: LineParticulars<CaseRecordOf<L, F>, object>;
  /** 保障中小企业款项支付条例 Art. 9: the statutory due date the case's facts give, or null; the ledger filters on it. */
  readonly statutoryDueOn?: (record: CaseRecordOf<L, F>) => LocalDate | null;
  /** The case's standing under 保障中小企业款项支付条例 on `today` (due date, days overdue, late interest), for the case page. */
  readonly paymentLaw?: (record: CaseRecordOf<L, F>, today: LocalDate, reference: LawReference) => object | null;
  /** The kind of case it is, when the line keeps some apart (a complaint of retaliation); null for an ordinary case. The ledger filters on it. */
  readonly kindOf?: (record: CaseRecordOf<L, F>) => CaseKind | null;
}

/** The reference data a line's `paymentLaw` reads: the one-year LPR table (Art. 17). */
export interface LawReference {
  readonly lpr: readonly LprRate[];
}

/** A step of a registered line as the engine drives it, whatever the line. */
export interface EngineStep {
  readonly to: readonly CaseState[];
  readonly stays?: readonly CaseState[];
  readonly serves?: (record: CaseRecord) => boolean;
  readonly decide: (record: CaseRecord, command: CaseCommand, context: DecideContext) => CaseEventDraft;
  readonly evolve: (record: CaseRecord, event: CaseEvent) => CaseRecord;
  readonly ready?: (record: CaseRecord) => boolean;
}

/** A registered line as the engine drives it: the module with its types erased at the registry. */
export interface EngineLine {
  readonly line: OpenLine;
  readonly numberPrefix: string;
  readonly sources: readonly Source[];
  readonly initialFacts: object;
  readonly checkRegistration: (payload: RegistrationPayload) => void;
  readonly classification: ClassificationSchema;
  readonly planFields: z.ZodRawShape;
  readonly planLabel: string;
  readonly steps: { readonly [A in CaseAction]?: EngineStep };
  readonly actionLabels: Partial<Record<CaseAction, string>>;
  readonly basis: (record: CaseRecord) => RuleId[];
  readonly regulation?: (record: CaseRecord) => PaymentRegulationArticleName[];
  readonly yearRule: (record: CaseRecord) => YearRule | null;
  readonly upcast: { readonly [type: string]: ((payload: Record<string, unknown>) => unknown) | undefined };
  readonly particulars?: LineParticulars<CaseRecord, object>;
  readonly statutoryDueOn?: (record: CaseRecord) => LocalDate | null;
  readonly paymentLaw?: (record: CaseRecord, today: LocalDate, reference: LawReference) => object | null;
  readonly kindOf?: (record: CaseRecord) => CaseKind | null;
}
