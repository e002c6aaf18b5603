import type { CaseRecord } from '../case/record.ts';
import { lineModule } from './registry.ts';

/**
 * Kinds of case a line keeps apart from its ordinary cases (a line's `kindOf`): a complaint of
 * retaliation (保障中小企业款项支付条例第二十条) is a case of the arrears line that never enters the
 * payment path. The ledger, the intake queue and the case page show and filter the kind; an
 * ordinary case has none.
 */
export const CASE_KINDS = ['retaliation'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_KIND_LABEL = { retaliation: '打击报复投诉' } satisfies Record<CaseKind, string>;

/** The case's kind as its line says, or null for an ordinary case. */
export const caseKindOf = (record: CaseRecord): CaseKind | null => lineModule(record.line)?.kindOf?.(record) ?? null;
