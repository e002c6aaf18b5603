import { addCalendarDays, addWorkingDays, daysBetween, isWorkingDay, type HolidayCalendar, type LocalDate } from '../../calendar.ts';
import { AppError } from '../../errors.ts';
import type { PaymentRegulationArticleName } from '../../payment-regulation.ts';
import { CONTRACT_FACT_LABEL, type ContractFacts } from './contract.ts';

/**
 * The statutory due date of 保障中小企业款项支付条例 (国务院令第802号, 2025), Arts. 9 and 10:
 * - 机关、事业单位 pay within 30 days; a contract may agree another term, counted up to 60 days;
 * - 大型企业 pay within the term agreed, counted up to 60 days (60 when none is agreed);
 * - the term runs from delivery; from acceptance where the contract agrees one; from the end
 *   of the agreed acceptance period when the debtor lets it pass without accepting (or accepts
 *   late); from the confirmed settlement for payment by progress or periodic settlement.
 * A period counts from the day after its start (民法典 第二百零一条), and one ending on a day
 * off ends on the next working day (第二百零三条), by the platform's holiday calendar.
 */

/** Art. 9's terms, in days. */
export const STATUTORY_TERM_DAYS = { public: 30, cap: 60, largeEnterprise: 60 } as const;

/** Where the term starts. */
export type TermStart = 'delivery' | 'acceptance' | 'acceptance_period_end' | 'settlement' | 'deposit_return';

export const TERM_START_LABEL = {
  delivery: '自交付之日起算',
  acceptance: '自验收之日起算',
  acceptance_period_end: '未在约定期限内验收，自约定验收期限届满之日起算',
  settlement: '自结算金额确认之日起算',
  deposit_return: '保证金应于约定之日退还',
} satisfies Record<TermStart, string>;

/** Which term counts: the statutory one, the contract's, or the contract's cut to the cap. */
export type TermSource = 'statutory' | 'agreed' | 'agreed_capped';

export type StatutoryDue =
  | {
      readonly status: 'due';
      readonly dueOn: LocalDate;
      readonly startOn: LocalDate;
      readonly start: TermStart;
      readonly termDays: number;
      readonly termSource: TermSource;
      /** The day the term ended before the 第二百零三条 shift, when it ended on a day off. */
      readonly endedOnDayOff: LocalDate | null;
      /** The articles applied, in the regulation's numbering. */
      readonly articles: readonly PaymentRegulationArticleName[];
    }
  | {
      /** A fact the date depends on is not recorded yet: its label is listed. */
      readonly status: 'incomplete';
      readonly missing: readonly string[];
    };

const termOf = (facts: ContractFacts): { days: number; source: TermSource } => {
  const statutory = facts.debtorKind === 'large_enterprise' ? STATUTORY_TERM_DAYS.largeEnterprise : STATUTORY_TERM_DAYS.public;
  if (facts.paymentTermDays === null) return { days: statutory, source: 'statutory' };
  if (facts.paymentTermDays > STATUTORY_TERM_DAYS.cap) return { days: STATUTORY_TERM_DAYS.cap, source: 'agreed_capped' };
  return { days: facts.paymentTermDays, source: 'agreed' };
};

const startOf = (facts: ContractFacts): { on: LocalDate; start: TermStart } | { missing: string[] } => {
  if (facts.settlement === 'progress' || facts.settlement === 'periodic') {
    return facts.settledOn === null ? { missing: [CONTRACT_FACT_LABEL.settledOn] } : { on: facts.settledOn, start: 'settlement' };
  }
  if (facts.deliveredOn === null) return { missing: [CONTRACT_FACT_LABEL.deliveredOn] };
  if (facts.acceptanceDays === null) return { on: facts.deliveredOn, start: 'delivery' };
  // Art. 10: accepted within the period, the term runs from acceptance; not accepted by its end
  // (or accepted after it), from the end of the period, whatever the debtor records later.
  const periodEnd = addCalendarDays(facts.deliveredOn, facts.acceptanceDays);
  if (facts.acceptedOn !== null && facts.acceptedOn <= periodEnd) return { on: facts.acceptedOn, start: 'acceptance' };
  return { on: periodEnd, start: 'acceptance_period_end' };
};

/** Before any fact of the contract is recorded: what the date needs first. */
export const NOTHING_RECORDED: StatutoryDue = { status: 'incomplete', missing: [CONTRACT_FACT_LABEL.debtorKind, CONTRACT_FACT_LABEL.deliveredOn] };

/** The statutory due date the recorded facts give, or the facts it still needs. */
export const statutoryDue = (facts: ContractFacts, calendar: HolidayCalendar): StatutoryDue => {
  // A deposit held (保证金) is owed back on the day it was to be returned: no payment term runs.
  if ((facts.depositKind ?? null) !== null) {
    const returnOn = facts.depositReturnOn ?? null;
    if (returnOn === null) return { status: 'incomplete', missing: [CONTRACT_FACT_LABEL.depositReturnOn] };
    return { status: 'due', dueOn: returnOn, startOn: returnOn, start: 'deposit_return', termDays: 0, termSource: 'agreed', endedOnDayOff: null, articles: [] };
  }
  const start = startOf(facts);
  const missing = [...(facts.debtorKind === null ? [CONTRACT_FACT_LABEL.debtorKind] : []), ...('missing' in start ? start.missing : [])];
  if ('missing' in start || missing.length > 0) return { status: 'incomplete', missing };
  const term = termOf(facts);
  const ended = addCalendarDays(start.on, term.days);
  const dueOn = isWorkingDay(ended, calendar) ? ended : addWorkingDays(ended, 1, calendar);
  return {
    status: 'due',
    dueOn,
    startOn: start.on,
    start: start.start,
    termDays: term.days,
    termSource: term.source,
    endedOnDayOff: dueOn === ended ? null : ended,
    // Art. 10 is the acceptance's: a term from delivery or from the settlement is Art. 9's alone.
    articles: start.start === 'acceptance' || start.start === 'acceptance_period_end' ? ['第九条', '第十条'] : ['第九条'],
  };
};

/** Days past the statutory due date on `today` (0 on or before it). */
export const daysOverdueByLaw = (dueOn: LocalDate, today: LocalDate): number => Math.max(0, daysBetween(dueOn, today));

/**
 * The facts must agree with each other and with the day: nothing recorded as done in the
 * future, no acceptance before delivery, a disputed size with its note.
 * @throws AppError CONTRACT_FACTS_INVALID naming the field
 */
export const checkContractFacts = (facts: ContractFacts, today: LocalDate): void => {
  const refuse = (field: keyof ContractFacts | 'enterpriseSize.disputeNote', message: string): never => {
    throw new AppError('CONTRACT_FACTS_INVALID', message, { field: `contract.${field}` });
  };
  for (const field of ['signedOn', 'deliveredOn', 'acceptedOn', 'settledOn'] as const) {
    const day = facts[field];
    if (day !== null && day > today) refuse(field, `${CONTRACT_FACT_LABEL[field]}不能晚于今天`);
  }
  if (facts.acceptedOn !== null && facts.deliveredOn !== null && facts.acceptedOn < facts.deliveredOn) {
    refuse('acceptedOn', '验收日期不能早于交付日期');
  }
  if (facts.acceptedOn !== null && facts.acceptanceDays === null) {
    refuse('acceptanceDays', '记录验收日期时请同时填写合同约定的验收期限（天）');
  }
  if (facts.settledOn !== null && facts.settlement !== 'progress' && facts.settlement !== 'periodic') {
    refuse('settledOn', '结算金额确认日期仅适用于按进度结算或定期结算');
  }
  if (facts.enterpriseSize?.disputed === true && facts.enterpriseSize.disputeNote === null) {
    refuse('enterpriseSize.disputeNote', '债务人对企业规模有异议时，请记录异议情况');
  }
};
