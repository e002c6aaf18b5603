import { RULES, type RuleId } from '../rules.ts';
import { openLine } from './paths.ts';
import type { CaseRecord } from './record.ts';

/**
 * The rules of the case page's "依据" panel: intake (S3) while the case waits for it, what the
 * line's facts call for (the payment path and year rule of an arrear, G2 of a rectification…),
 * the rule of the case's path, and G3 once the case is settled.
 */
export const caseBasis = (record: CaseRecord): { rule: RuleId; text: string }[] => {
  const ids = new Set<RuleId>();
  if (record.intake?.status === 'pending') ids.add('S3');
  for (const rule of openLine(record.line).basis(record)) ids.add(rule);
  if (record.rule !== null) ids.add(record.rule);
  if (record.state === 'settled' || record.state === 'feedback_submitted' || record.state === 'closed') ids.add('G3');
  return [...ids].map((rule) => ({ rule, text: RULES[rule] }));
};
