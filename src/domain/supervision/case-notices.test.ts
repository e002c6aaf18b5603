import { describe, expect, it } from 'vitest';
import { registered } from '../../../test/support/domain.ts';
import type { CaseRecord } from '../case/record.ts';
import { loopNoticesFor, notificationLink, notificationsFor } from './case-notices.ts';

const record: CaseRecord = { ...registered('2026-03-02'), enterprise: { unitId: 'firm-unit', name: '汉江市楚天包装材料有限公司', creditCode: '91422900MA4LP0001X' } };
const event = (type: string, payload: Record<string, unknown> = {}, stateAfter = record.state) => ({ type, payload, stateAfter });

describe('the notices that close the loop with the enterprise', () => {
  it('tells 营商办 of a complaint from the portal only, never of staff’s own registrations', () => {
    expect(loopNoticesFor(event('register', { source: 'enterprise' }), record).map((notice) => [notice.kind, notice.audiences])).toEqual([
      ['new_complaint', [{ role: 'business_office' }]],
    ]);
    for (const source of ['self_inspection', 'complaint_platform', 'petition', 'assigned']) expect(loopNoticesFor(event('register', { source }), record), source).toEqual([]);
  });

  it('tells the enterprise, and only it, of 受理, 不予受理, payments and 销号 with the invitation to rate', () => {
    for (const [type, kinds] of [
      ['accept', ['complaint_accepted']],
      ['dismiss', ['complaint_dismissed']],
      ['merge', ['complaint_merged']],
      ['record_payment', ['payment_recorded']],
      ['close', ['case_closed', 'rating_invited']],
    ] as const) {
      const notices = loopNoticesFor(event(type, { reason: '重复', amount: 100, paidOn: '2026-03-02', mergedInto: { number: 'QK2026-00001' } }), record);
      expect(notices.map((notice) => notice.kind), type).toEqual(kinds);
      for (const notice of notices) {
        expect(notice.audiences, type).toEqual([{ role: 'enterprise', unitId: 'firm-unit' }]);
        expect(notice.body, type).toContain(record.number);
      }
    }
  });

  it('tells no enterprise that has no account unit, and the units of its answer to a plan', () => {
    const anonymous: CaseRecord = { ...record, enterprise: null };
    for (const type of ['accept', 'dismiss', 'record_payment', 'close']) expect(loopNoticesFor(event(type), anonymous), type).toEqual([]);
    expect(loopNoticesFor(event('object', { reason: '时间太晚。' }), record)[0]).toMatchObject({
      kind: 'enterprise_objected',
      body: `企业不认可事项${record.number}的计划，理由：时间太晚。请与企业沟通后重新制定计划。`,
      audiences: [{ role: 'unit_handler', unitId: record.responsibleUnitId }],
    });
  });

  it('joins the staff’s notice of an event to the loop’s (the unit’s 交办 and the enterprise’s 受理)', () => {
    expect(notificationsFor(event('accept', { instruction: '请核实' }), record).map((notice) => notice.kind)).toEqual(['assigned', 'complaint_accepted']);
  });

  it('links a notice to its case, its breach record or its year’s disclosure', () => {
    expect(notificationLink({ caseId: 'c1', creditRecordId: null, disclosureYear: null })).toBe('/cases/c1');
    expect(notificationLink({ caseId: null, creditRecordId: 'r 1', disclosureYear: null })).toBe('/credit?record=r%201');
    expect(notificationLink({ caseId: null, creditRecordId: null, disclosureYear: 2026 })).toBe('/disclosures?year=2026');
  });
});
