import { and, asc, eq, inArray, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { outstandingAmount } from '../domain/case/record.ts';
import { suggestedBreachBasis } from '../domain/credit/basis.ts';
import { breachCaseProblem, defaultRectificationDeadline } from '../domain/credit/decide.ts';
import { authorizeCreditManagement } from '../domain/credit/policy.ts';
import { CREDIT_OPEN_STATUSES, CREDIT_UNIT_KINDS } from '../domain/credit/states.ts';
import { deadlineStatus } from '../domain/supervision/time-limits.ts';
import { cases, creditProposals, creditRecords, jurisdictions, units } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';

/**
 * What the 责令整改 form offers 市信用办: every 机关 and 事业单位 (government, department, public
 * institution) with its credit code, and under each the cases that confirm a breach now (the
 * same `breachCaseProblem` rule the order applies) and have no open record, each with the basis
 * its line suggests; and the default deadline (15 working days from today). A case proposed by
 * 营商办 or its lead bureau (提请认定) carries the proposal and comes first, and so do the units with one.
 * @throws AppError FORBIDDEN
 */
export const listBreachCandidates = async (app: AppContext, actor: Actor) => {
  authorizeCreditManagement(actor);
  const today = todayInShanghai(app.clock());
  const unitRows = await app.db
    .select({ id: units.id, name: units.name, kind: units.kind, creditCode: units.creditCode, jurisdictionName: jurisdictions.name })
    .from(units)
    .innerJoin(jurisdictions, and(eq(jurisdictions.tenantId, units.tenantId), eq(jurisdictions.id, units.jurisdictionId)))
    .where(and(eq(units.tenantId, app.tenantId), inArray(units.kind, [...CREDIT_UNIT_KINDS])))
    .orderBy(asc(jurisdictions.sort), asc(units.name));
  // A coarse SQL cut (past a deadline, or supervised); `breachCaseProblem` decides.
  const caseRows = await app.db
    .select({
      detail: cases.detail,
      proposalFacts: creditProposals.facts,
      proposedBy: creditProposals.proposedByName,
      proposingUnitName: creditProposals.proposingUnitName,
      proposedAt: creditProposals.proposedAt,
    })
    .from(cases)
    .leftJoin(
      creditProposals,
      and(eq(creditProposals.tenantId, cases.tenantId), eq(creditProposals.caseId, cases.id), isNull(creditProposals.creditRecordId)),
    )
    .leftJoin(
      creditRecords,
      and(eq(creditRecords.tenantId, cases.tenantId), eq(creditRecords.caseId, cases.id), inArray(creditRecords.status, [...CREDIT_OPEN_STATUSES])),
    )
    .where(
      and(
        eq(cases.tenantId, app.tenantId),
        notInArray(cases.state, ['dismissed', 'withdrawn']),
        isNull(creditRecords.id),
        or(sql`${cases.deadline} < ${today}::date`, sql`${cases.detail} ->> 'supervisionLevel' in ('urging', 'supervision', 'interview', 'notice')`),
      ),
    )
    .orderBy(asc(cases.deadline), asc(cases.number));
  const byUnit = new Map<string, ReturnType<typeof candidate>[]>();
  const candidate = (record: CaseRecord, row: (typeof caseRows)[number]) => ({
    id: record.id,
    number: record.number,
    title: record.title,
    state: record.state,
    deadline: record.deadline,
    deadlineStatus: deadlineStatus(record.deadline, today),
    supervisionLevel: record.supervisionLevel,
    outstandingAmount: outstandingAmount(record),
    suggestedBasis: suggestedBreachBasis(record.line),
    proposal:
      row.proposedAt === null
        ? null
        : { facts: row.proposalFacts!, proposedBy: row.proposedBy!, unitName: row.proposingUnitName!, proposedAt: row.proposedAt.toISOString() },
  });
  for (const row of caseRows) {
    const record = row.detail as unknown as CaseRecord;
    if (breachCaseProblem(record, record.responsibleUnitId, today) !== null) continue;
    byUnit.set(record.responsibleUnitId, [...(byUnit.get(record.responsibleUnitId) ?? []), candidate(record, row)]);
  }
  // Proposed first (the earliest proposal first), then by deadline as the query ordered them; sorts are stable.
  const earlierProposal = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  const withCases = unitRows.map((unit) => ({
    ...unit,
    cases: [...(byUnit.get(unit.id) ?? [])].sort((a, b) => earlierProposal(a.proposal?.proposedAt ?? null, b.proposal?.proposedAt ?? null)),
  }));
  return {
    today,
    defaultDeadline: defaultRectificationDeadline(today, await loadCalendar(app.db, app.tenantId)),
    units: withCases.sort((a, b) => earlierProposal(a.cases[0]?.proposal?.proposedAt ?? null, b.cases[0]?.proposal?.proposedAt ?? null)),
  };
};
export type BreachCandidates = Awaited<ReturnType<typeof listBreachCandidates>>;
