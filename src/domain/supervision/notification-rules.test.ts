import { describe, expect, it } from 'vitest';
import { registered } from '../../../test/support/domain.ts';
import type { CaseRecord } from '../case/record.ts';
import { creditNotificationFor, notificationFor } from './notification-rules.ts';
import { chineseDate, orderIssuerOf, supervisionOrderContent, supervisionOrderNumber } from './supervision-order.ts';
import { calendar } from '../../../test/support/domain.ts';

const record: CaseRecord = { ...registered('2026-03-02'), leadUnitId: 'jingxinju', handlingUnitId: 'handong-gov' };

describe('who is told of a case event', () => {
  it('tells the units and the county of every step of the ladder, the lead bureau of 督办 and 通报 (S2)', () => {
    const urging = notificationFor({ type: 'supervise', payload: { level: 'urging', note: '请抓紧办理' }, stateAfter: record.state }, record);
    expect(urging?.kind).toBe('urging');
    expect(urging?.audiences).toEqual([
      { role: 'unit_handler', unitId: record.responsibleUnitId },
      { role: 'unit_handler', unitId: 'handong-gov' },
      { role: 'county_coordinator', jurisdictionId: record.jurisdictionId },
    ]);
    const notice = notificationFor({ type: 'supervise', payload: { level: 'notice', note: '予以通报' }, stateAfter: record.state }, record);
    expect(notice?.audiences).toContainEqual({ role: 'lead_bureau', unitId: 'jingxinju' });
    expect(notice?.title).toBe(`【通报】${record.number} ${record.title}`);
  });

  it('tells 营商办, not the unit, of the ladder while a complaint waits for its intake decision (S3)', () => {
    const pending: CaseRecord = {
      ...record,
      intake: { status: 'pending', acceptedAt: null, acceptedBy: null, leadUnitId: null, cooperatingUnitIds: [], instruction: null },
    };
    const reminder = notificationFor({ type: 'supervise', payload: { level: 'reminder', note: '即将到期' }, stateAfter: 'registered' }, pending);
    expect(reminder?.kind).toBe('reminder');
    expect(reminder?.audiences).toEqual([{ role: 'business_office' }]);
  });

  it('tells the enterprise of a plan only when it awaits its consent (A3)', () => {
    expect(notificationFor({ type: 'propose_plan', payload: {}, stateAfter: 'awaiting_consent' }, record)?.audiences).toEqual([
      { role: 'enterprise', unitId: record.enterprise!.unitId },
    ]);
    expect(notificationFor({ type: 'propose_plan', payload: {}, stateAfter: 'performing' }, record)).toBeNull();
  });

  it('tells 营商办 of requests and feedback, the unit of a return and of a hand-over (交办)', () => {
    for (const type of ['request_extension', 'request_year_exception', 'submit_feedback']) {
      expect(notificationFor({ type, payload: {}, stateAfter: record.state }, record)?.audiences, type).toEqual([{ role: 'business_office' }]);
    }
    for (const type of ['return', 'assign', 'accept']) {
      expect(notificationFor({ type, payload: {}, stateAfter: record.state }, record)?.audiences, type).toEqual([
        { role: 'unit_handler', unitId: record.responsibleUnitId },
      ]);
    }
    expect(notificationFor({ type: 'record_payment', payload: {}, stateAfter: record.state }, record)).toBeNull();
  });
});

describe('who is told of an assignment registered at once (S3)', () => {
  it('tells the responsible unit of 营商办’s own registration of an assigned case, and 营商办 of a leader’s, which waits for its 交办', () => {
    const event = (payload: Record<string, unknown>) => ({ type: 'register', payload, stateAfter: 'registered' });
    expect(notificationFor(event({ source: 'assigned', instruction: '请核实', intakeStatus: 'accepted' }), record)).toMatchObject({
      kind: 'assigned',
      body: '请核实',
      audiences: [{ role: 'unit_handler', unitId: record.responsibleUnitId }],
    });
    expect(notificationFor(event({ source: 'assigned', instruction: null }), record)?.body).toBe('该事项已交由贵单位办理，请及时处置。');
    expect(notificationFor(event({ source: 'assigned', instruction: '请市营商办督促限期解决', intakeStatus: 'pending' }), record)).toMatchObject({
      kind: 'assigned',
      body: '领导交办，请受理并交办：请市营商办督促限期解决',
      audiences: [{ role: 'business_office' }],
    });
    expect(notificationFor(event({ source: 'self_inspection', intakeStatus: 'accepted' }), record)).toBeNull();
  });
});

describe('who is told of a breach record event (S4)', () => {
  const breach = { number: 'XY2027-0001', unitId: 'hd-jiaoyu', unitName: '汉东区教育局', unitJurisdictionId: 'handong', caseNumber: 'QK2026-00001' };
  const unitAndCounty = [
    { role: 'unit_handler', unitId: 'hd-jiaoyu' },
    { role: 'county_coordinator', jurisdictionId: 'handong' },
  ];

  it('tells the unit and its county of the record and of each decision, 信用办 of each application', () => {
    const recorded = creditNotificationFor({ type: 'record', payload: { breachOn: '2027-01-06', facts: '逾期未付' } }, breach);
    expect(recorded).toMatchObject({ kind: 'breach_recorded', title: '【失信认定】XY2027-0001 汉东区教育局', audiences: unitAndCounty });
    expect(recorded?.body).toContain('因事项QK2026-00001认定违约失信（认定日期：2027-01-06）：逾期未付');
    expect(creditNotificationFor({ type: 'object', payload: { reason: '已支付' } }, breach)).toMatchObject({ kind: 'breach_objected', audiences: [{ role: 'credit_office' }] });
    expect(creditNotificationFor({ type: 'apply_repair', payload: { measures: '已清偿' } }, breach)).toMatchObject({ kind: 'repair_applied', audiences: [{ role: 'credit_office' }] });
    expect(creditNotificationFor({ type: 'decide_objection', payload: { decision: 'upheld', reason: '属实' } }, breach)).toMatchObject({
      kind: 'objection_decided',
      body: '异议成立，记录已撤销：属实',
      audiences: unitAndCounty,
    });
    expect(creditNotificationFor({ type: 'decide_repair', payload: { decision: 'rejected', reason: '未整改' } }, breach)).toMatchObject({
      kind: 'repair_decided',
      body: '不予信用修复：未整改',
      audiences: unitAndCounty,
    });
  });

  it('tells the unit and its county of the order to rectify, its deadline, and its outcome (发改财金〔2023〕1103号)', () => {
    const ordered = creditNotificationFor(
      { type: 'order_rectification', payload: { orderDocumentNumber: '汉信用责改〔2027〕1号', orderRequirement: '一次性付清欠款30万元', rectificationDeadline: '2027-01-26' } },
      breach,
    );
    expect(ordered).toMatchObject({ kind: 'rectification_ordered', title: '【责令整改】XY2027-0001 汉东区教育局', audiences: unitAndCounty });
    expect(ordered?.body).toBe('因事项QK2026-00001责令限期整改（汉信用责改〔2027〕1号）：一次性付清欠款30万元。整改期限：2027-01-26。逾期未整改或拒不整改的，将认定为违约失信。');
    expect(creditNotificationFor({ type: 'record_rectified', payload: { rectifiedOn: '2027-01-20', evidence: '已付清' } }, breach)).toMatchObject({
      kind: 'rectification_recorded',
      body: '已按期整改（2027-01-20），不予认定失信：已付清',
      audiences: unitAndCounty,
    });
    expect(creditNotificationFor({ type: 'record_refusal', payload: { ground: 'lapse', facts: '期限届满仍未付款' } }, breach)).toMatchObject({
      kind: 'refusal_recorded',
      body: '整改期限届满未整改，已记录拒不整改：期限届满仍未付款',
      audiences: unitAndCounty,
    });
  });

  it('tells nobody of an export batch: it is 信用办’s own work', () => {
    expect(creditNotificationFor({ type: 'export', payload: {} }, breach)).toBeNull();
  });
});

describe('the 督办单 content (S2)', () => {
  it('numbers, dates and counts the delay on the official calendar', () => {
    expect(supervisionOrderNumber(orderIssuerOf('汉江市', null), 2026, 7)).toBe('汉营商督〔2026〕7号');
    expect(chineseDate('2026-01-04')).toBe('2026年1月4日');
    const content = supervisionOrderContent({
      issuer: orderIssuerOf('汉江市', '汉江市优化营商环境领导小组办公室'),
      year: 2025,
      serial: 3,
      caseNumber: 'QK2025-00012',
      caseTitle: '拖欠工程款',
      enterpriseName: null,
      responsibleUnitName: '汉东区教育局',
      deadline: '2025-09-30',
      // 10-09, 10-10, 10-11 班, 10-13, 10-14, 10-15: 6 working days late.
      issuedOn: '2025-10-15',
      opinion: '请立即清偿。',
      calendar,
    });
    expect(content.rows).toContainEqual(['逾期情况', '已逾期6个工作日']);
    expect(content.rows.map(([label]) => label)).not.toContain('涉及企业');
    // Reply within 5 working days: 10-16, 10-17, 10-20, 10-21, 10-22.
    expect(content.replyBy).toBe('2025-10-22');
    expect(content.requirements[0]).toContain('2025年10月22日前');
    expect(content.signature).toBe('汉江市优化营商环境领导小组办公室（市营商办代章）');
    // Another city's office issues its own numbers.
    expect(supervisionOrderNumber(orderIssuerOf('襄州市', '襄州市营商环境建设局'), 2026, 1)).toBe('襄营商督〔2026〕1号');
  });
});
