/**
 * The demo's annual disclosure (保障中小企业款项支付条例 第十八条) of last year: 营商办 generates the
 * figures at the end of February, the sweep reminds the units each week of March, 汉东区教育局
 * publishes its own row and 营商办 publishes 江北区人民医院's on its behalf, 1 April tells 营商办
 * who missed 31 March, and the drafts are refreshed on the demo's day. Written by the real use
 * cases on the demo clock; a city whose demo day is still before April only has its drafts.
 */
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { compareLocalDates, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import { FIRST_DISCLOSURE_YEAR, lastYear, missedNoticeDay, reminderDays } from '../domain/disclosure/annual-disclosure.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { generateDisclosures } from '../disclosure/generate-disclosures.ts';
import { publishDisclosure } from '../disclosure/publish-disclosure.ts';
import { sweepDisclosures } from '../jobs/disclosure-sweep.ts';
import type { DemoUsername } from './accounts.ts';

const at = (day: LocalDate, time: string): Date => new Date(`${day}T${time}+08:00`);

/** Who publishes which row, when in March, and what the unit says. */
const PUBLICATIONS: readonly { readonly by: DemoUsername; readonly unitId: string; readonly day: string; readonly note: string }[] = [
  { by: 'hd-jiaoyu', unitId: LOCAL_UNIT_IDS.handong.jiaoyuju, day: '03-12', note: '多媒体教学设备采购款已于次年1月通过国库集中支付付清，企业已出具收款确认函。' },
  { by: 'yingshangban', unitId: LOCAL_UNIT_IDS.jiangbei.institution, day: '03-27', note: '已与企业协商一致，按分期还款计划支付，年内付清。' },
];

/**
 * Plays last year's disclosure on the demo clock, as above, then refreshes the drafts at `now`.
 * @returns the rows published
 */
export const seedDemoDisclosure = async (
  app: AppContext,
  setClock: (instant: Date) => void,
  actors: ReadonlyMap<DemoUsername, Actor>,
  now: Date,
): Promise<number> => {
  const today = todayInShanghai(now);
  const year = lastYear(today);
  const office = actors.get('yingshangban')!;
  if (year < FIRST_DISCLOSURE_YEAR) return 0;
  if (compareLocalDates(today, missedNoticeDay(year)) < 0) {
    setClock(now);
    await generateDisclosures(app, office, year);
    return 0;
  }
  const nextYear = (monthDay: string) => `${year + 1}-${monthDay}`;
  setClock(at(nextYear('02-27'), '10:00:00'));
  await generateDisclosures(app, office, year);
  const steps: { day: LocalDate; run: () => Promise<unknown> }[] = [
    ...reminderDays(year).map((day) => ({ day, run: () => sweepDisclosures(app, { now: at(day, '08:30:00') }) })),
    ...PUBLICATIONS.map((publication) => ({
      day: nextYear(publication.day),
      run: () => publishDisclosure(app, actors.get(publication.by)!, year, publication.unitId, { note: publication.note }),
    })),
    { day: missedNoticeDay(year), run: () => sweepDisclosures(app, { now: at(missedNoticeDay(year), '08:30:00') }) },
  ].sort((a, b) => compareLocalDates(a.day, b.day));
  for (const step of steps) {
    setClock(at(step.day, '10:00:00'));
    await step.run();
  }
  setClock(now);
  await generateDisclosures(app, office, year);
  return PUBLICATIONS.length;
};
