import { describe, expect, it } from 'vitest';
import { holidayCalendar } from '../../calendar.ts';
import { AppError } from '../../errors.ts';
import { officialHolidayRows } from '../../holidays-official.ts';
import { applyContractPatch, changedContractFacts, NO_CONTRACT_FACTS, type ContractFacts } from './contract.ts';
import { checkContractFacts, daysOverdueByLaw, NOTHING_RECORDED, statutoryDue } from './payment-terms.ts';

const calendar = holidayCalendar(officialHolidayRows([2025, 2026]));
const facts = (patch: Partial<ContractFacts>): ContractFacts => ({ ...NO_CONTRACT_FACTS, debtorKind: 'organ', ...patch });
const dueOn = (patch: Partial<ContractFacts>) => {
  const due = statutoryDue(facts(patch), calendar);
  if (due.status !== 'due') throw new Error(`incomplete: ${due.missing.join('、')}`);
  return due;
};

describe('the statutory due date (保障中小企业款项支付条例 Arts. 9, 10)', () => {
  it('gives a public body 30 days from delivery, counted from the next day: delivered 2026-01-31, due 2026-03-02', () => {
    const due = dueOn({ deliveredOn: '2026-01-31' });
    expect(due).toMatchObject({ dueOn: '2026-03-02', startOn: '2026-01-31', start: 'delivery', termDays: 30, termSource: 'statutory', endedOnDayOff: null });
    expect(due.articles).toEqual(['第九条']);
    // The due day itself is on time; the next is one day late.
    expect(daysOverdueByLaw(due.dueOn, '2026-03-02')).toBe(0);
    expect(daysOverdueByLaw(due.dueOn, '2026-03-03')).toBe(1);
  });

  it('treats 事业单位 as 机关', () => {
    expect(dueOn({ debtorKind: 'institution', deliveredOn: '2026-01-31' }).dueOn).toBe('2026-03-02');
  });

  it('ends a term that falls on a day off on the next working day, and keeps one that falls on a working Saturday', () => {
    // 2026-01-16 + 30 = 2026-02-15, the first day of the Spring Festival break (to 02-23).
    expect(dueOn({ deliveredOn: '2026-01-16' })).toMatchObject({ dueOn: '2026-02-24', endedOnDayOff: '2026-02-15' });
    // 2026-01-15 + 30 = 2026-02-14, a Saturday made a working day (调休上班).
    expect(dueOn({ deliveredOn: '2026-01-15' })).toMatchObject({ dueOn: '2026-02-14', endedOnDayOff: null });
  });

  it('counts an agreed term only up to 60 days', () => {
    expect(dueOn({ deliveredOn: '2026-01-31', paymentTermDays: 45 })).toMatchObject({ dueOn: '2026-03-17', termDays: 45, termSource: 'agreed' });
    expect(dueOn({ deliveredOn: '2026-01-31', paymentTermDays: 60 })).toMatchObject({ dueOn: '2026-04-01', termDays: 60, termSource: 'agreed' });
    expect(dueOn({ deliveredOn: '2026-01-31', paymentTermDays: 61 })).toMatchObject({ dueOn: '2026-04-01', termDays: 60, termSource: 'agreed_capped' });
    expect(dueOn({ deliveredOn: '2026-01-31', paymentTermDays: 180 })).toMatchObject({ dueOn: '2026-04-01', termSource: 'agreed_capped' });
  });

  it('gives a large enterprise 60 days when nothing is agreed, and caps what is', () => {
    expect(dueOn({ debtorKind: 'large_enterprise', deliveredOn: '2026-01-31' })).toMatchObject({ dueOn: '2026-04-01', termDays: 60, termSource: 'statutory' });
    expect(dueOn({ debtorKind: 'large_enterprise', deliveredOn: '2026-01-31', paymentTermDays: 90 })).toMatchObject({ termDays: 60, termSource: 'agreed_capped' });
  });

  it('counts from acceptance within the agreed period, and from the end of the period when acceptance is late or missing', () => {
    const agreed = { deliveredOn: '2026-01-31', acceptanceDays: 15 };
    expect(dueOn({ ...agreed, acceptedOn: '2026-02-10' })).toMatchObject({ dueOn: '2026-03-12', start: 'acceptance', startOn: '2026-02-10' });
    // Accepted on the period's last day: still within it.
    expect(dueOn({ ...agreed, acceptedOn: '2026-02-15' })).toMatchObject({ start: 'acceptance', startOn: '2026-02-15' });
    // Accepted a day late: the term ran from 2026-02-15 anyway.
    const late = dueOn({ ...agreed, acceptedOn: '2026-02-16' });
    expect(late).toMatchObject({ dueOn: '2026-03-17', start: 'acceptance_period_end', startOn: '2026-02-15' });
    expect(late.articles).toEqual(['第九条', '第十条']);
    expect(dueOn(agreed)).toMatchObject({ dueOn: '2026-03-17', start: 'acceptance_period_end' });
  });

  it('counts progress and periodic settlement from the confirmed settlement', () => {
    expect(dueOn({ settlement: 'progress', settledOn: '2026-03-10', deliveredOn: '2026-01-05' })).toMatchObject({ dueOn: '2026-04-09', start: 'settlement' });
    expect(dueOn({ settlement: 'periodic', settledOn: '2026-06-30' })).toMatchObject({ dueOn: '2026-07-30', start: 'settlement', articles: ['第九条'] });
  });

  it('names the facts it still needs', () => {
    expect(statutoryDue(NO_CONTRACT_FACTS, calendar)).toEqual({ status: 'incomplete', missing: ['债务人类型', '交付日期'] });
    expect(NOTHING_RECORDED).toEqual(statutoryDue(NO_CONTRACT_FACTS, calendar));
    expect(statutoryDue(facts({ settlement: 'progress', deliveredOn: '2026-01-05' }), calendar)).toEqual({ status: 'incomplete', missing: ['结算金额确认日期'] });
  });
});

describe('contract facts', () => {
  const refusal = (patch: Partial<ContractFacts>) => {
    try {
      checkContractFacts(facts(patch), '2026-06-01');
    } catch (error) {
      if (error instanceof AppError) return { code: error.code, field: error.details?.field, message: error.message };
      throw error;
    }
    return null;
  };

  it('refuses facts in the future, acceptance before delivery, an acceptance without its period and a size dispute without its note', () => {
    expect(refusal({ deliveredOn: '2026-06-02' })).toEqual({ code: 'CONTRACT_FACTS_INVALID', field: 'contract.deliveredOn', message: '交付日期不能晚于今天' });
    expect(refusal({ deliveredOn: '2026-03-01', acceptanceDays: 10, acceptedOn: '2026-02-28' })?.field).toBe('contract.acceptedOn');
    expect(refusal({ deliveredOn: '2026-03-01', acceptedOn: '2026-03-05' })?.field).toBe('contract.acceptanceDays');
    expect(refusal({ settledOn: '2026-03-05' })?.field).toBe('contract.settledOn');
    const size = { size: 'small' as const, industry: null, employees: null, revenue: null, totalAssets: null, disputed: true, disputeNote: null };
    expect(refusal({ enterpriseSize: size })?.field).toBe('contract.enterpriseSize.disputeNote');
    expect(refusal({ deliveredOn: '2026-06-01', acceptanceDays: 10, acceptedOn: '2026-06-01' })).toBeNull();
  });

  it('patches only what is named, clears what is set to null, and lists what changed', () => {
    const before = facts({ contractNo: 'HD-2025-017', deliveredOn: '2026-01-31' });
    const after = applyContractPatch(before, { deliveredOn: '2026-02-02', contractNo: null, paymentTermDays: 45 });
    expect(after).toEqual({ ...before, deliveredOn: '2026-02-02', contractNo: null, paymentTermDays: 45 });
    expect(changedContractFacts(before, after)).toEqual(['contractNo', 'deliveredOn', 'paymentTermDays']);
    expect(changedContractFacts(after, applyContractPatch(after, { deliveredOn: '2026-02-02' }))).toEqual([]);
  });
});

describe('a deposit held beyond its day (保证金) as a debt of its own', () => {
  it('is due on the day it was to be returned, whatever the delivery, with no term counted', () => {
    const due = dueOn({ depositKind: 'quality', depositReturnOn: '2026-01-31', deliveredOn: '2023-12-20' });
    expect(due).toMatchObject({ dueOn: '2026-01-31', startOn: '2026-01-31', start: 'deposit_return', termDays: 0, endedOnDayOff: null, articles: [] });
    expect(daysOverdueByLaw(due.dueOn, '2026-03-02')).toBe(30);
  });

  it('names the return day while it is missing, and a contract recorded before deposits counts as before', () => {
    expect(statutoryDue(facts({ depositKind: 'performance' }), calendar)).toEqual({ status: 'incomplete', missing: ['保证金应退还日期'] });
    const { depositKind: _kind, depositReturnOn: _returnOn, ...older } = facts({ deliveredOn: '2026-01-31' });
    expect(statutoryDue(older, calendar)).toMatchObject({ status: 'due', dueOn: '2026-03-02', start: 'delivery' });
  });
});
