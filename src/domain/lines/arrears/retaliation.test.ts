/**
 * A complaint of retaliation (保障中小企业款项支付条例第二十条): its own kind of arrears case that
 * waits for 营商办's intake, never enters the payment path, and is settled by the written result
 * (第二十五条), then fed back and closed (G3).
 */
import { describe, expect, it } from 'vitest';
import { ACTORS, act, context, expectError, place, registration, UNITS } from '../../../../test/support/domain.ts';
import { availableActions } from '../../case/available-actions.ts';
import { decideRegistration } from '../../case/decide.ts';
import { evolve } from '../../case/evolve.ts';
import type { RegistrationPayload } from '../../case/line-module.ts';
import type { CaseOf } from '../../case/record.ts';
import { caseKindOf } from '../case-kinds.ts';
import { notificationFor } from '../../supervision/notification-rules.ts';

const TODAY = '2026-03-02';
const LATER = '2026-03-10';

const ASSIGNMENT = {
  responsibleUnitId: UNITS.countyGovernment,
  handlingUnitId: UNITS.countyGovernment,
  jurisdictionId: 'handong',
  leadUnitId: UNITS.leadBureau,
  cooperatingUnitIds: [],
};

const RETALIATION = { complaintKind: 'retaliation', retaliation: { conduct: 'tender_exclusion', occurredOn: '2026-02-26', priorCaseNumber: 'QK2025-00031' } };
const PRIOR = new Map([['QK2025-00031', { id: 'case-prior', number: 'QK2025-00031', title: '汉东区教育局拖欠校舍维修工程款' }]]);

const complaint = (overrides: Partial<RegistrationPayload> = {}) =>
  registration({
    source: 'enterprise',
    title: '投诉汉东区教育局因催款将本企业排除在维修项目招标之外',
    facts: '本企业2月向平台投诉欠款后，区教育局在2月26日的校舍维修招标中以“履约评价不合格”为由拒绝本企业投标。',
    claimedAmount: null,
    particulars: RETALIATION,
    ...overrides,
  });

const registerComplaint = (overrides: Partial<RegistrationPayload> = {}) => {
  const draft = decideRegistration(complaint(overrides), 'handong', context(ACTORS.enterprise, TODAY, { referencedCases: PRIOR }));
  const event = place(null, draft, ACTORS.enterprise, `${TODAY}T02:00:00.000Z`);
  return { record: evolve(null, event) as CaseOf<'arrears'>, event };
};

const accepted = () =>
  act(registerComplaint().record, { action: 'accept', responsibleUnitId: UNITS.countyGovernment, instruction: '请区政府调查核实并书面答复企业' }, ACTORS.businessOffice, TODAY, {
    assignment: ASSIGNMENT,
  }).record;

const notified = () =>
  act(accepted(), { action: 'notify_result', summary: '经调查，招标文件已更正，企业可参与投标；已约谈区教育局负责人。', documents: [], notifiedOn: LATER }, ACTORS.county, LATER);

describe('a complaint of retaliation (保障中小企业款项支付条例第二十条)', () => {
  it('is an arrears case of its own kind, with no amount or contract, waiting for 营商办 (S3), who is told at once', () => {
    const { record, event } = registerComplaint();
    expect(record.line).toBe('arrears');
    expect(caseKindOf(record)).toBe('retaliation');
    expect(record.complaint).toEqual({
      kind: 'retaliation',
      conduct: 'tender_exclusion',
      occurredOn: '2026-02-26',
      priorCase: { id: 'case-prior', number: 'QK2025-00031', title: '汉东区教育局拖欠校舍维修工程款' },
    });
    expect(record.claimedAmount).toBeNull();
    expect(record.contract).toBeUndefined();
    expect(record.intake?.status).toBe('pending');
    const notice = notificationFor(event, record);
    expect(notice?.kind).toBe('retaliation_complaint');
    expect(notice?.title).toContain('【打击报复投诉】');
    expect(notice?.audiences).toEqual([{ role: 'business_office' }]);
  });

  it('refuses an amount, a contract, a date in the future, an unknown earlier case and a channel that is not a complaint', () => {
    const register = (overrides: Partial<RegistrationPayload>, actor = ACTORS.enterprise) =>
      decideRegistration(complaint(overrides), 'handong', context(actor, TODAY, { referencedCases: PRIOR }));
    expectError(() => register({ claimedAmount: 1_000_000 }), 'VALIDATION_FAILED');
    expectError(() => register({ particulars: { ...RETALIATION, contract: { contractNumber: 'HT-1' } } }), 'VALIDATION_FAILED');
    expectError(() => register({ particulars: { complaintKind: 'retaliation' } }), 'VALIDATION_FAILED');
    expectError(() => register({ particulars: { ...RETALIATION, retaliation: { conduct: 'other', occurredOn: '2026-03-03' } } }), 'VALIDATION_FAILED');
    expectError(() => register({ particulars: { ...RETALIATION, retaliation: { conduct: 'other', occurredOn: '2026-03-01', priorCaseNumber: 'QK2025-99999' } } }), 'VALIDATION_FAILED');
    expectError(() => register({ source: 'self_inspection' }, ACTORS.debtor), 'VALIDATION_FAILED');
    // An ordinary arrear still needs its amount, and names no retaliation.
    expectError(() => register({ particulars: { retaliation: RETALIATION.retaliation } }), 'VALIDATION_FAILED');
  });

  it('offers 营商办 only the intake decisions, hand-over and supervision while it waits, and dismissal works', () => {
    const { record } = registerComplaint();
    expect(availableActions(record, ACTORS.businessOffice).sort()).toEqual(['accept', 'assign', 'dismiss', 'merge', 'supervise']);
    const dismissed = act(record, { action: 'dismiss', reason: '经核实不属于打击报复' }, ACTORS.businessOffice, TODAY).record;
    expect(dismissed.state).toBe('dismissed');
  });

  it('never enters the payment path: classify, plans, payments, agreements, the contract are refused and not offered', () => {
    const record = accepted();
    const refused = [
      { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 1_000_000 } },
      { action: 'propose_plan', installments: [{ dueOn: '2026-12-31', amount: 1_000_000 }] },
      { action: 'record_payment', amount: 1_000_000, paidOn: TODAY, voucher: 'HD-1' },
      { action: 'amend_particulars', particulars: { contract: { contractNumber: 'HT-1' } } },
    ] as const;
    for (const command of refused) {
      expectError(() => act(record, command as never, ACTORS.county, TODAY), 'ACTION_NOT_FOR_LINE');
    }
    for (const actor of [ACTORS.county, ACTORS.businessOffice, ACTORS.leadBureau]) {
      const offered = availableActions(record, actor);
      for (const action of ['classify', 'propose_plan', 'record_payment', 'agree', 'escalate', 'amend_particulars', 'waive_interest', 'request_year_exception']) {
        expect(offered).not.toContain(action);
      }
    }
    expect(availableActions(record, ACTORS.county)).toContain('notify_result');
    expect(availableActions(record, ACTORS.businessOffice)).toContain('supervise');
  });

  it('is settled by the written result told to the complainant, then fed back and closed (G3)', () => {
    const { record, event } = notified();
    expect(event.type).toBe('notify_result');
    expect(record.state).toBe('settled');
    expect(record.resultNotice?.notifiedOn).toBe(LATER);
    expect(availableActions(record, ACTORS.county)).toContain('submit_feedback');
    const fedBack = act(record, { action: 'submit_feedback', summary: '已书面答复企业，区教育局已更正招标文件。', documents: [{ title: '答复函', reference: '汉东政函〔2026〕8号' }] }, ACTORS.county, LATER).record;
    expect(fedBack.state).toBe('feedback_submitted');
    const returned = act(fedBack, { action: 'return', reason: '请附约谈记录' }, ACTORS.businessOffice, LATER).record;
    expect(returned.state).toBe('settled');
    const again = act(returned, { action: 'submit_feedback', summary: '补充约谈记录。', documents: [{ title: '约谈记录', reference: 'YT-2026-3' }] }, ACTORS.county, LATER).record;
    const closed = act(again, { action: 'close', opinion: '同意销号' }, ACTORS.businessOffice, LATER).record;
    expect(closed.state).toBe('closed');
  });

  it('leaves an ordinary arrear as it was: the written result keeps its state', () => {
    const draft = decideRegistration(registration({ source: 'enterprise' }), 'handong', context(ACTORS.enterprise, TODAY));
    const arrear = evolve(null, place(null, draft, ACTORS.enterprise, `${TODAY}T02:00:00.000Z`)) as CaseOf<'arrears'>;
    expect(caseKindOf(arrear)).toBeNull();
    const taken = act(arrear, { action: 'accept', responsibleUnitId: UNITS.debtor, instruction: '请核实' }, ACTORS.businessOffice, TODAY, {
      assignment: { ...ASSIGNMENT, responsibleUnitId: UNITS.debtor, handlingUnitId: UNITS.debtor },
    }).record;
    const { record } = act(taken, { action: 'notify_result', summary: '已答复', documents: [], notifiedOn: LATER }, ACTORS.debtor, LATER);
    expect(record.state).toBe('registered');
  });
});
