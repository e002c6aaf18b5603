import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { loadCase } from '../cases/case-store.ts';
import { ROLE_LABEL, type Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CreditProposalInput } from '../domain/credit/commands.ts';
import { decideCreditProposal } from '../domain/credit/proposal.ts';
import { AppError } from '../domain/errors.ts';
import { creditProposals } from '../db/schema.ts';
import { getUnit } from '../reference/reference-data.ts';
import { openRecordOf, pendingProposalOf, unitNameOf } from './credit-store.ts';

/**
 * 营商办 or the case's lead bureau proposes a case to 市信用办 as a breach of its responsible
 * unit (提请认定失信, S4) with the facts; 信用办 finds it first in its candidates and decides.
 * Nothing is written when the proposal is refused.
 * @returns the proposal's id
 * @throws AppError CASE_NOT_FOUND, FORBIDDEN, CREDIT_RECORD_DUPLICATE, CREDIT_PROPOSAL_DUPLICATE,
 *   CREDIT_UNIT_NOT_ELIGIBLE, CREDIT_CASE_NOT_ELIGIBLE
 */
export const proposeBreach = async (app: AppContext, actor: Actor, caseId: string, input: CreditProposalInput): Promise<string> => {
  const now = app.clock();
  const stored = await loadCase(app.db, app.tenantId, caseId);
  if (stored === null) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
  const { record } = stored;
  const unit = await getUnit(app.db, app.tenantId, record.responsibleUnitId);
  const pending = await pendingProposalOf(app.db, app.tenantId, caseId);
  const draft = decideCreditProposal({
    actor,
    today: todayInShanghai(now),
    record,
    unit,
    facts: input.facts,
    blockers: { openRecord: await openRecordOf(app.db, app.tenantId, caseId), pendingProposalAt: pending?.proposedAt.toISOString() ?? null },
  });
  const id = randomUUID();
  const inserted = await app.db
    .insert(creditProposals)
    .values({
      id,
      tenantId: app.tenantId,
      ...draft,
      proposedBy: actor.id,
      proposedByName: actor.name,
      proposingUnitName: await unitNameOf(app.db, actor.unitId, ROLE_LABEL[actor.role]),
      proposedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: creditProposals.id });
  // Another proposer was first meanwhile (credit_proposals_case_pending_key).
  if (inserted.length === 0) {
    throw new AppError('CREDIT_PROPOSAL_DUPLICATE', `事项${record.number}已提请信用办认定，正等待信用办处理`, { field: 'caseId' });
  }
  return id;
};
