import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { loadCase } from '../cases/case-store.ts';
import { authorizeCase } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { maySeeProposal, proposalAbility, suggestedProposalFacts } from '../domain/credit/proposal.ts';
import { AppError } from '../domain/errors.ts';
import { creditProposals, creditRecords } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { openRecordOf, pendingProposalOf } from './credit-store.ts';

/**
 * The case page's 提请信用认定 part (S4): whether the reader may propose the case to 信用办 now
 * (and why not), the sentence the form starts from, and the case's latest proposal — pending, or
 * taken up by a record (with the record's status: ordered to rectify, …) — for those who propose,
 * 信用办 and leaders.
 * @throws AppError CASE_NOT_FOUND when there is no such case or the actor may not read it
 */
export const getCreditProposal = async (app: AppContext, actor: Actor, caseId: string) => {
  const stored = await loadCase(app.db, app.tenantId, caseId);
  if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  const { record } = stored;
  authorizeCase(actor, 'read', record);
  if (!maySeeProposal(actor, record)) return { caseId, canPropose: false, reason: null, suggestedFacts: null, proposal: null };
  const today = todayInShanghai(app.clock());
  const unit = await getUnit(app.db, app.tenantId, record.responsibleUnitId);
  const openRecord = await openRecordOf(app.db, app.tenantId, caseId);
  const pending = await pendingProposalOf(app.db, app.tenantId, caseId);
  const ability = proposalAbility(actor, record, unit, today, {
    openRecord,
    pendingProposalAt: pending?.proposedAt.toISOString() ?? null,
  });
  const [latest] = await app.db
    .select({ proposal: creditProposals, recordNumber: creditRecords.number, recordStatus: creditRecords.status })
    .from(creditProposals)
    .leftJoin(creditRecords, and(eq(creditRecords.tenantId, creditProposals.tenantId), eq(creditRecords.id, creditProposals.creditRecordId)))
    .where(and(eq(creditProposals.tenantId, app.tenantId), eq(creditProposals.caseId, caseId)))
    .orderBy(desc(creditProposals.proposedAt), desc(creditProposals.id))
    .limit(1);
  return {
    caseId,
    ...ability,
    suggestedFacts: ability.canPropose ? suggestedProposalFacts(record, unit.name, today) : null,
    proposal:
      latest === undefined
        ? null
        : {
            id: latest.proposal.id,
            facts: latest.proposal.facts,
            proposedBy: latest.proposal.proposedByName,
            unitName: latest.proposal.proposingUnitName,
            proposedAt: latest.proposal.proposedAt.toISOString(),
            creditRecordId: latest.proposal.creditRecordId,
            creditRecordNumber: latest.recordNumber,
            creditRecordStatus: latest.recordStatus,
          },
  };
};
export type CreditProposalView = Awaited<ReturnType<typeof getCreditProposal>>;
