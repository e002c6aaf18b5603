import type { LocalDate } from '../calendar.ts';
import { evaluateConditions, type ConditionResult, type EnterpriseProfile, type MatchContext } from './conditions.ts';
import { inForceOn, type Clause, type Policy } from './library.ts';

/** One clause for one enterprise: whether it qualifies, and each condition as met or not. */
export interface ClauseMatch {
  readonly policyId: string;
  readonly policyTitle: string;
  readonly documentNo: string;
  readonly clause: Clause;
  readonly qualifies: boolean;
  readonly results: readonly ConditionResult[];
}

/**
 * 一企一档 (P2): every clause of the policies in force on `context.today`, matched against the
 * enterprise — those it qualifies for first, then the others with the conditions they fail.
 */
export const matchClauses = (profile: EnterpriseProfile, policies: readonly Policy[], context: MatchContext & { today: LocalDate }): ClauseMatch[] => {
  const matches = policies
    .filter((policy) => inForceOn(policy, context.today))
    .flatMap((policy) =>
      policy.clauses.map((clause) => ({
        policyId: policy.id,
        policyTitle: policy.title,
        documentNo: policy.documentNo,
        clause,
        ...evaluateConditions(clause.conditions, profile, context),
      })),
    );
  return [...matches.filter((match) => match.qualifies), ...matches.filter((match) => !match.qualifies)];
};
