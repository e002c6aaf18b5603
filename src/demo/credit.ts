/**
 * The demo's breach records (S4), each through 发改财金〔2023〕1103号's sequence: the order to
 * rectify (责令整改) with its 文号 and the default deadline, then its outcome. One unit rectified in
 * time (it paid, a real case event); three refused and were determined (认定) — one reported as it
 * stands, one reported and revoked since on objection (the next batch's 撤销), one under objection;
 * one order still runs. One earlier batch went to the national platform. Written by the real use
 * cases on the demo clock, each step after the case's own last event and before "now". Only 机关
 * and 事业单位 are ordered: an SOE's case is never picked, and the city's few overdue cases of
 * government units leave no second paying case for a credit repair.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import { createCreditExport } from '../credit/create-credit-export.ts';
import { getCreditRecord } from '../credit/get-credit-record.ts';
import { orderRectification } from '../credit/order-rectification.ts';
import { performCreditAction } from '../credit/perform-credit-action.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, todayInShanghai, yearOf, type LocalDate } from '../domain/calendar.ts';
import { formatYuan } from '../domain/money.ts';
import { outstandingAmount, type CaseRecord } from '../domain/case/record.ts';
import { ARREARS_BREACH_BASIS } from '../domain/credit/basis.ts';
import { breachCaseProblem } from '../domain/credit/decide.ts';
import { canActOnCredit } from '../domain/credit/policy.ts';
import { isCreditUnitKind } from '../domain/credit/states.ts';
import { cases, units } from '../db/schema.ts';
import type { DemoUsername } from './accounts.ts';

/** The unit's side, for objection and repair: its handler or its county's coordinator. */
const UNIT_SIDE: readonly DemoUsername[] = ['hd-jiaoyu', 'handong', 'jiangbei'];

interface Candidate {
  readonly record: CaseRecord;
  readonly unitName: string;
  readonly unitJurisdictionId: string;
  readonly lastEventAt: Date;
}

const confirmedFacts = (candidate: Candidate, today: LocalDate): string =>
  `${candidate.unitName}对“${candidate.record.title}”（${candidate.record.number}）确认的欠款${formatYuan(outstandingAmount(candidate.record))}，` +
  `未在${candidate.record.deadline ?? '规定期限'}前履行清偿义务，截至${today}仍未付清。`;

/**
 * Seeds the demo's breach records. Returns the case events it wrote (the payments), so that the
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
    .innerJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.responsibleUnitId)))
    .where(and(eq(cases.tenantId, app.tenantId), eq(cases.line, 'arrears')))
    .orderBy(cases.deadline, cases.number);
  const unitSide = (candidate: Candidate): Actor | undefined =>
    UNIT_SIDE.map((username) => actors.get(username)!).find((actor) =>
      canActOnCredit(actor, 'object', { unitId: candidate.record.responsibleUnitId, unitJurisdictionId: candidate.unitJurisdictionId }),
    );
  const used = new Set<string>();
  /** An unused case of a 机关 or 事业单位 that confirms a breach at `at` and whose history ends before it. */
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
  /** Office hours `days` days before today, in the city. */
  const before = (days: number, hour = 10) =>
    new Date(`${addCalendarDays(todayInShanghai(now), -days)}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const dayOf = (at: Date) => todayInShanghai(at);
  const at = (day: LocalDate, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  let orders = 0;

  /** 责令整改 with the default deadline (15 working days); returns the record's id and deadline. */
  const order = async (candidate: Candidate, when: Date): Promise<{ id: string; deadline: LocalDate }> => {
    setClock(when);
    orders += 1;
    const today = dayOf(when);
    const id = await orderRectification(app, creditOffice, {
      unitId: candidate.record.responsibleUnitId,
      caseId: candidate.record.id,
      facts: confirmedFacts(candidate, today),
      basis: ARREARS_BREACH_BASIS,
      requirement: `请于整改期限内一次性付清确认欠款${formatYuan(outstandingAmount(candidate.record))}，并将支付凭证和整改情况书面报送市信用办。`,
      documentNumber: `汉信用责改〔${yearOf(today)}〕${orders}号`,
    });
    const view = await getCreditRecord(app, creditOffice, id);
    return { id, deadline: view.rectificationDeadline! };
  };
  const act = async (id: string, actor: Actor, when: Date, command: Parameters<typeof performCreditAction>[3]) => {
    setClock(when);
    await performCreditAction(app, actor, id, command);
  };
  /**
   * The refusal, then the determination on `determineAt`: for the lapse from the day after the
   * deadline, unless a calendar full of holidays pushes that past the determination, when the
   * unit's written refusal stands in.
   */
  const refuseAndDetermine = async (candidate: Candidate, opened: { id: string; deadline: LocalDate }, determineAt: Date, hour: number) => {
    const lapseDay = addCalendarDays(opened.deadline, 1);
    const byLapse = lapseDay < dayOf(determineAt);
    await act(opened.id, creditOffice, at(byLapse ? lapseDay : addCalendarDays(dayOf(determineAt), -1), hour), {
      action: 'record_refusal',
      expectedVersion: 1,
      ground: byLapse ? 'lapse' : 'written',
      facts: byLapse
        ? `整改期限${opened.deadline}届满，${candidate.unitName}未付款，也未书面说明理由。`
        : `${candidate.unitName}复函称年内无资金安排，拒绝在整改期限内付款。`,
    });
    const view = await getCreditRecord(app, creditOffice, opened.id);
    await act(opened.id, creditOffice, determineAt, {
      action: 'record',
      expectedVersion: 2,
      facts: `${view.facts}经责令限期整改（${view.orderDocumentNumber}，期限至${opened.deadline}），${byLapse ? '逾期仍未整改' : '拒不整改'}。`,
      basis: ARREARS_BREACH_BASIS,
      breachOn: dayOf(determineAt),
    });
  };
  /** Pays what the case still owes, as 营商办 records it: a real case event. */
  const payInFull = async (caseId: string, when: Date, suffix: string): Promise<LocalDate> => {
    const [stored] = await app.db.select({ detail: cases.detail }).from(cases).where(eq(cases.id, caseId));
    const current = stored!.detail as unknown as CaseRecord;
    setClock(when);
    const paidOn = dayOf(when);
    await performCaseAction(app, office, current.id, {
      action: 'record_payment',
      expectedVersion: current.version,
      paidOn,
      amount: outstandingAmount(current),
      voucher: `GK${paidOn.replaceAll('-', '')}-${current.number.slice(-5)}-${suffix}`,
    });
    return paidOn;
  };
  let caseEvents = 0;

  // Determined after the lapse of the order and reported in the earlier batch.
  const recorded = pick(before(58), () => true);
  const recordedOrder = recorded === undefined ? undefined : await order(recorded, before(58));
  // Revoked: determined and reported, then the unit showed an agreed later date, so there was no
  // breach; the next batch reports it 撤销.
  const revoked = pick(before(50), (candidate) => unitSide(candidate) !== undefined);
  const revokedOrder = revoked === undefined ? undefined : await order(revoked, before(50));
  // Rectified in time: the unit paid within the deadline; the record ends without a breach.
  const rectified = pick(before(30), (candidate) => candidate.record.state === 'performing' && outstandingAmount(candidate.record) > 0);
  const rectifiedOrder = rectified === undefined ? undefined : await order(rectified, before(30));

  if (recorded !== undefined) await refuseAndDetermine(recorded, recordedOrder!, before(20), 10);
  if (revoked !== undefined) await refuseAndDetermine(revoked, revokedOrder!, before(20, 11), 11);
  if (recorded !== undefined || revoked !== undefined) {
    setClock(before(16));
    await createCreditExport(app, creditOffice);
  }

  if (rectified !== undefined) {
    const paidOn = await payInFull(rectified.record.id, before(24), 'ZG');
    caseEvents += 1;
    await act(rectifiedOrder!.id, creditOffice, before(23), {
      action: 'record_rectified',
      expectedVersion: 1,
      rectifiedOn: paidOn,
      evidence: `${rectified.unitName}于${paidOn}一次性付清全部欠款（国库集中支付凭证附后），企业出具收款确认函，在整改期限内整改到位。`,
    });
  }

  if (revoked !== undefined) {
    // Ordered (1), refused (2), determined (3), reported in the batch (4); then the objection.
    await act(revokedOrder!.id, unitSide(revoked)!, before(11), {
      action: 'object',
      expectedVersion: 4,
      reason: '该笔款项已与企业书面协商一致延期支付，延期协议签订于原期限届满前（协议附后），不构成逾期失信。',
    });
    await act(revokedOrder!.id, creditOffice, before(9), {
      action: 'decide_objection',
      expectedVersion: 5,
      decision: 'upheld',
      reason: '经核对延期支付协议原件及企业确认函，付款期限经双方协商变更，异议成立，撤销该记录。',
    });
  }

  // Objected: refused in writing the day it was ordered, determined, and the unit objects; awaiting 信用办's decision.
  // Its case fell overdue lately: two days ago the steps take two days, yesterday one.
  const [objected, steps] = ((): [Candidate | undefined, readonly [Date, Date, Date, Date]] => {
    const twoDays = pick(before(2, 9), (candidate) => unitSide(candidate) !== undefined);
    if (twoDays !== undefined) return [twoDays, [before(2, 9), before(2, 16), before(1, 10), before(1, 15)]];
    return [pick(before(1, 9), (candidate) => unitSide(candidate) !== undefined), [before(1, 9), before(1, 11), before(1, 14), before(1, 16)]];
  })();
  if (objected !== undefined) {
    const opened = await order(objected, steps[0]);
    await act(opened.id, creditOffice, steps[1], {
      action: 'record_refusal',
      expectedVersion: 1,
      ground: 'written',
      facts: `${objected.unitName}复函称工程尚有质量问题未整改，拒绝在整改期限内付款，但未提出具体质量问题的证明。`,
    });
    const view = await getCreditRecord(app, creditOffice, opened.id);
    await act(opened.id, creditOffice, steps[2], {
      action: 'record',
      expectedVersion: 2,
      facts: `${view.facts}经责令限期整改（${view.orderDocumentNumber}），书面拒绝整改。`,
      basis: ARREARS_BREACH_BASIS,
      breachOn: dayOf(steps[2]),
    });
    await act(opened.id, unitSide(objected)!, steps[3], {
      action: 'object',
      expectedVersion: 3,
      reason: '该款项涉及的工程尚有质量整改未完成，双方正在协商结算金额，不宜认定为失信。',
    });
  }

  // Ordered this morning: the deadline is still to come.
  const morning = before(0, 8) < now ? before(0, 8) : now;
  const pending = pick(morning, () => true);
  if (pending !== undefined) await order(pending, morning);
  setClock(now);
  return caseEvents;
};
