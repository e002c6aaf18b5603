/**
 * The demo's breach records (S4): four records on government units from overdue cases, one in
 * each status, and one earlier batch for the national platform. Written by the real use cases
 * on the demo clock, each step after the case's own last event and before "now". The repaired
 * one is a case that the unit paid after it was recorded: its payment is a real case event.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import { createCreditExport } from '../credit/create-credit-export.ts';
import { performCreditAction } from '../credit/perform-credit-action.ts';
import { recordBreach } from '../credit/record-breach.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, todayInShanghai } from '../domain/calendar.ts';
import { outstandingAmount, type CaseRecord } from '../domain/case/record.ts';
import { breachCaseProblem } from '../domain/credit/decide.ts';
import { canActOnCredit } from '../domain/credit/policy.ts';
import { isCreditUnitKind } from '../domain/credit/states.ts';
import { cases, units } from '../db/schema.ts';
import type { DemoUsername } from './accounts.ts';

const BASIS = '《保障中小企业款项支付条例》第八条、第十五条；《湖北省优化营商环境条例》第四十四条';

/** The unit's side, for objection and repair: its handler or its county's coordinator. */
const UNIT_SIDE: readonly DemoUsername[] = ['hd-jiaoyu', 'chengfa', 'handong', 'jiangbei'];

interface Candidate {
  readonly record: CaseRecord;
  readonly unitName: string;
  readonly unitJurisdictionId: string;
  readonly lastEventAt: Date;
}

const facts = (candidate: Candidate, today: string): string =>
  `${candidate.unitName}对“${candidate.record.title}”（${candidate.record.number}）确认的欠款，` +
  `未在${candidate.record.deadline ?? '规定期限'}前履行清偿义务，截至${today}仍未付清，经督促仍未整改。`;

/**
 * Records the demo breaches. Returns the case events it wrote (the one payment), so that the
 * demo's event count stays exact.
 */
export const seedDemoCredit = async (
  app: AppContext,
  setClock: (instant: Date) => void,
  actors: ReadonlyMap<DemoUsername, Actor>,
  now: Date,
): Promise<number> => {
  const creditOffice = actors.get('xinyongban')!;
  const office = actors.get('yingshangban')!;
  const rows = await app.db
    .select({ detail: cases.detail, updatedAt: cases.updatedAt, unitName: units.name, unitKind: units.kind, unitJurisdictionId: units.jurisdictionId })
    .from(cases)
    .innerJoin(units, eq(units.id, cases.responsibleUnitId))
    .where(and(eq(cases.tenantId, app.tenantId), eq(cases.line, 'arrears')))
    .orderBy(cases.deadline, cases.number);
  const unitSide = (candidate: Candidate): Actor | undefined =>
    UNIT_SIDE.map((username) => actors.get(username)!).find((actor) =>
      canActOnCredit(actor, 'object', { unitId: candidate.record.responsibleUnitId, unitJurisdictionId: candidate.unitJurisdictionId }),
    );
  const used = new Set<string>();
  /** An unused case eligible at `at` whose history ends before it, optionally with more conditions. */
  const pick = (at: Date, more: (candidate: Candidate) => boolean): Candidate | undefined => {
    const today = todayInShanghai(at);
    const found = rows
      .map((row): Candidate => ({ record: row.detail as unknown as CaseRecord, unitName: row.unitName, unitJurisdictionId: row.unitJurisdictionId, lastEventAt: row.updatedAt }))
      .find(
        (candidate, index) =>
          !used.has(candidate.record.id) &&
          isCreditUnitKind(rows[index]!.unitKind) &&
          candidate.lastEventAt < at &&
          breachCaseProblem(candidate.record, candidate.record.responsibleUnitId, today) === null &&
          more(candidate),
      );
    if (found !== undefined) used.add(found.record.id);
    return found;
  };
  const record = async (candidate: Candidate, at: Date): Promise<string> => {
    setClock(at);
    const today = todayInShanghai(at);
    return recordBreach(app, creditOffice, {
      unitId: candidate.record.responsibleUnitId,
      caseId: candidate.record.id,
      facts: facts(candidate, today),
      basis: BASIS,
      breachOn: today,
    });
  };
  const act = async (id: string, actor: Actor, at: Date, command: Parameters<typeof performCreditAction>[3]) => {
    setClock(at);
    await performCreditAction(app, actor, id, command);
  };
  /** Office hours `days` days before today, in the city. */
  const before = (days: number, hour = 10) =>
    new Date(`${addCalendarDays(todayInShanghai(now), -days)}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  let caseEvents = 0;

  // Repaired: recorded 20 days ago, paid 10 days ago, repair approved 5 days ago.
  const repaired = pick(before(20), (candidate) => candidate.record.state === 'performing' && outstandingAmount(candidate.record) > 0 && unitSide(candidate) !== undefined);
  // Recorded, and reported in the earlier batch.
  const recorded = pick(before(20, 11), () => true);
  const repairedId = repaired === undefined ? undefined : await record(repaired, before(20));
  const recordedId = recorded === undefined ? undefined : await record(recorded, before(20, 11));
  if (repairedId !== undefined || recordedId !== undefined) {
    setClock(before(16));
    await createCreditExport(app, creditOffice);
  }

  // Revoked: the unit showed an agreed later date, so there was no breach; never reported.
  const revoked = pick(before(12), (candidate) => unitSide(candidate) !== undefined);
  if (revoked !== undefined) {
    const id = await record(revoked, before(12));
    await act(id, unitSide(revoked)!, before(11), {
      action: 'object',
      expectedVersion: 1,
      reason: '该笔款项已与企业书面协商一致延期支付，延期协议签订于原期限届满前（协议附后），不构成逾期失信。',
    });
    await act(id, creditOffice, before(9), {
      action: 'decide_objection',
      expectedVersion: 2,
      decision: 'upheld',
      reason: '经核对延期支付协议原件及企业确认函，付款期限经双方协商变更，异议成立，撤销该记录。',
    });
  }

  if (repaired !== undefined) {
    const [stored] = await app.db.select({ detail: cases.detail }).from(cases).where(eq(cases.id, repaired.record.id));
    const current = stored!.detail as unknown as CaseRecord;
    const paidAt = before(10);
    setClock(paidAt);
    await performCaseAction(app, office, current.id, {
      action: 'record_payment',
      expectedVersion: current.version,
      paidOn: todayInShanghai(paidAt),
      amount: outstandingAmount(current),
      voucher: `GK${todayInShanghai(paidAt).replaceAll('-', '')}-${current.number.slice(-5)}-XF`,
    });
    caseEvents += 1;
    // Recorded (1), reported in the batch (2); then the repair.
    await act(repairedId!, unitSide(repaired)!, before(8), {
      action: 'apply_repair',
      expectedVersion: 2,
      measures: '已于近日一次性付清全部欠款；建立合同付款台账和到期提醒机制，明确分管领导责任，杜绝新增拖欠。',
    });
    await act(repairedId!, creditOffice, before(5), {
      action: 'decide_repair',
      expectedVersion: 3,
      decision: 'approved',
      reason: '欠款已全部清偿，整改措施具体可行，同意信用修复，停止公示。',
    });
  }

  // Objected: awaiting 信用办's decision.
  const objected = pick(before(6), (candidate) => unitSide(candidate) !== undefined);
  if (objected !== undefined) {
    const id = await record(objected, before(6));
    await act(id, unitSide(objected)!, before(3), {
      action: 'object',
      expectedVersion: 1,
      reason: '该款项涉及的工程尚有质量整改未完成，双方正在协商结算金额，不宜认定为失信。',
    });
  }
  setClock(now);
  return caseEvents;
};
