/**
 * The demo's daily dispatch (G1): last week's round, closed, with most units reported, and
 * this week's round, open, with some units reported and some not, so that the round page
 * shows "who has not reported". Written by the real use cases on the demo clock; a case's
 * progress is reported only when the case's own history ends before that moment, so that no
 * history runs backwards in time.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, isoWeekStart, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { canReportForUnit } from '../domain/dispatch/dispatch-policy.ts';
import { cases, dispatchRoundItems, units } from '../db/schema.ts';
import { closeDispatchRound } from '../dispatch/close-dispatch-round.ts';
import { openDispatchRound } from '../dispatch/open-dispatch-round.ts';
import { reportDispatchProgress } from '../dispatch/report-dispatch-progress.ts';
import { submitDispatchReport } from '../dispatch/submit-dispatch-report.ts';
import type { DemoUsername } from './accounts.ts';

const PROGRESS = [
  '已与企业核对账目，资金已纳入本月支付计划，预计月底前付清。',
  '已召开专题会议研究还款方案，正在履行财政资金审批程序。',
  '已按计划支付一期款项，剩余款项正在筹措。',
  '正在与企业协商分期方案，企业原则同意，待签订书面协议。',
  '已报请区政府统筹资金，本周内答复企业。',
];

/** The ISO week number of a Monday (the week with the year's first Thursday is week 1). */
const isoWeekNumber = (monday: LocalDate): { year: number; week: number } => {
  const thursday = addCalendarDays(monday, 3);
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addCalendarDays(isoWeekStart(`${year}-01-04`), 3);
  const days = (Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${firstThursday}T00:00:00Z`)) / 86_400_000;
  return { year, week: days / 7 + 1 };
};

const at = (day: LocalDate, time: string): Date => new Date(`${day}T${time}+08:00`);

/**
 * Opens, reports on and (for last week) closes the two demo rounds; the demo accounts of
 * units and counties report for the units they may.
 * @returns the case events written (each progress report is one `report_progress` event)
 */
export const seedDemoDispatch = async (
  app: AppContext,
  setClock: (instant: Date) => void,
  actors: ReadonlyMap<DemoUsername, Actor>,
  now: Date,
): Promise<number> => {
  const office = actors.get('yingshangban')!;
  const reporters = (['hd-jiaoyu', 'chengfa', 'handong', 'jiangbei'] as const).map((username) => actors.get(username)!);
  const thisMonday = isoWeekStart(todayInShanghai(now));
  const lastMonday = addCalendarDays(thisMonday, -7);

  const playRound = async (monday: LocalDate, options: { reportUntil: Date; submitUnits: number; partialUnits: number; close: Date | null }) => {
    const { year, week } = isoWeekNumber(monday);
    setClock(at(monday, '09:00:00'));
    const { round } = await openDispatchRound(app, office, {
      title: `${year}年第${week}周调度`,
      periodStart: monday,
      periodEnd: addCalendarDays(monday, 6),
      dueOn: addCalendarDays(monday, 4),
    });
    const items = await app.db
      .select({ caseId: dispatchRoundItems.caseId, unitId: dispatchRoundItems.unitId, jurisdictionId: units.jurisdictionId, updatedAt: cases.updatedAt })
      .from(dispatchRoundItems)
      .innerJoin(units, and(eq(units.tenantId, dispatchRoundItems.tenantId), eq(units.id, dispatchRoundItems.unitId)))
      .innerJoin(cases, and(eq(cases.tenantId, dispatchRoundItems.tenantId), eq(cases.id, dispatchRoundItems.caseId)))
      .where(and(eq(dispatchRoundItems.tenantId, app.tenantId), eq(dispatchRoundItems.roundId, round.id)))
      .orderBy(dispatchRoundItems.unitId, cases.number);
    const byUnit = new Map<string, typeof items>();
    for (const item of items) byUnit.set(item.unitId, [...(byUnit.get(item.unitId) ?? []), item]);
    let written = 0;
    let submitted = 0;
    let partial = 0;
    let minute = 0;
    for (const [unitId, unitItems] of byUnit) {
      const reporter = reporters.find((actor) => canReportForUnit(actor, { id: unitId, jurisdictionId: unitItems[0]!.jurisdictionId }));
      if (reporter === undefined) continue;
      const submit = submitted < options.submitUnits;
      if (!submit && partial >= options.partialUnits) continue;
      const reportAt = new Date(at(monday, '10:00:00').getTime() + 86_400_000 + 60_000 * minute++);
      // Only cases whose history ends before the report can take it in the demo.
      if (reportAt >= options.reportUntil || unitItems.some((item) => item.updatedAt >= reportAt)) continue;
      setClock(reportAt);
      const toReport = submit ? unitItems : unitItems.slice(0, 1);
      for (const [index, item] of toReport.entries()) {
        await reportDispatchProgress(app, reporter, round.id, { caseId: item.caseId, progress: PROGRESS[(index + minute) % PROGRESS.length]! });
        written += 1;
      }
      if (submit) {
        await submitDispatchReport(app, reporter, round.id, { unitId, summary: `本单位本期在办 ${unitItems.length} 件，均已逐件报送进展，无新增问题。` });
        submitted += 1;
      } else {
        partial += 1;
      }
    }
    if (options.close !== null) {
      setClock(options.close);
      await closeDispatchRound(app, office, round.id);
    }
    return written;
  };

  let events = 0;
  if (at(thisMonday, '09:00:00') < now) {
    events += await playRound(lastMonday, { reportUntil: at(thisMonday, '08:00:00'), submitUnits: 3, partialUnits: 0, close: at(thisMonday, '08:30:00') });
    events += await playRound(thisMonday, { reportUntil: now, submitUnits: 1, partialUnits: 1, close: null });
  }
  setClock(now);
  return events;
};
