import { describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles.ts';
import {
  debtorDisclosureKind,
  disclosureDeadline,
  disclosureKindOfUnit,
  disclosureStanding,
  dueReminder,
  hasYearEnded,
  missedNotice,
  missedNoticeDay,
  reminderDays,
  reminderNotice,
} from './annual-disclosure.ts';
import { disclosureScope, mayPublishDisclosure } from './disclosure-policy.ts';

describe('the annual disclosure of overdue payments (保障中小企业款项支付条例 Art. 18)', () => {
  it('has 机关 and 事业单位 disclose, by the contract’s debtor kind when recorded, never an SOE or a 大型企业', () => {
    expect(['government', 'department', 'court', 'justice', 'institution', 'soe', 'enterprise'].map(disclosureKindOfUnit)).toEqual([
      'organ',
      'organ',
      'organ',
      'organ',
      'institution',
      null,
      null,
    ]);
    expect(debtorDisclosureKind(null, 'department')).toBe('organ');
    expect(debtorDisclosureKind('institution', 'department')).toBe('institution');
    expect(debtorDisclosureKind('large_enterprise', 'department')).toBeNull();
    expect(debtorDisclosureKind('organ', 'soe')).toBe('organ');
    expect(debtorDisclosureKind(null, 'soe')).toBeNull();
  });

  it('describes a year once it is over, due by 31 March of the next', () => {
    expect(hasYearEnded(2025, '2025-12-31')).toBe(false);
    expect(hasYearEnded(2025, '2026-01-01')).toBe(true);
    expect(disclosureDeadline(2025)).toBe('2026-03-31');
    expect(missedNoticeDay(2025)).toBe('2026-04-01');
  });

  it('reminds weekly from 1 March to 31 March, a missed day later in its week', () => {
    expect(reminderDays(2025)).toEqual(['2026-03-01', '2026-03-08', '2026-03-15', '2026-03-22', '2026-03-29']);
    expect(dueReminder(2025, '2026-02-28')).toBeNull();
    expect(dueReminder(2025, '2026-03-01')).toBe('2026-03-01');
    expect(dueReminder(2025, '2026-03-07')).toBe('2026-03-01');
    expect(dueReminder(2025, '2026-03-08')).toBe('2026-03-08');
    expect(dueReminder(2025, '2026-03-31')).toBe('2026-03-29');
    expect(dueReminder(2025, '2026-04-01')).toBeNull();
  });

  it('judges a row against 31 March: published on it is on time, the day after is late', () => {
    expect(disclosureStanding(2025, { status: 'draft', publishedOn: null }, '2026-03-31')).toBe('draft');
    expect(disclosureStanding(2025, { status: 'draft', publishedOn: null }, '2026-04-01')).toBe('overdue');
    expect(disclosureStanding(2025, { status: 'published', publishedOn: '2026-03-31' }, '2026-06-01')).toBe('published');
    expect(disclosureStanding(2025, { status: 'published', publishedOn: '2026-04-01' }, '2026-06-01')).toBe('published_late');
  });

  it('words the reminder with the draft’s figures, or says none is generated, and names at most 20 units missed', () => {
    expect(reminderNotice(2025, '汉东区教育局', { contracts: 2, amount: 25_000_000, incomplete: 1 }).body).toBe(
      '请于2026年3月31日前公开本单位2025年度逾期尚未支付中小企业款项的合同数量、金额。平台生成的数据：逾期未支付合同2件，金额¥250,000.00；另有1件欠款合同信息不全，未计入，请补充后由市营商办重新生成。请核对后发布。',
    );
    expect(reminderNotice(2025, '汉东区教育局', null).body).toContain('市营商办尚未生成本单位的数据');
    expect(missedNotice(2025, ['甲', '乙']).body).toBe('截至2026年3月31日，以下单位未公开2025年度逾期尚未支付中小企业款项情况：甲、乙共2个单位。请督促公开。');
    const many = Array.from({ length: 25 }, (_, index) => `单位${index + 1}`);
    expect(missedNotice(2025, many).body).toContain('单位20等25个单位');
    expect(missedNotice(2025, many).body).not.toContain('单位21');
  });

  it('lets a unit read and publish its own row, a county read its units, 营商办 publish any, administrators nothing', () => {
    const actor = (role: Actor['role'], unitId: string | null, jurisdictionScope: string[] = []): Actor => ({ id: role, name: role, role, unitId, jurisdictionScope });
    expect(disclosureScope(actor('unit_handler', 'u-a'))).toEqual({ kind: 'unit', unitId: 'u-a' });
    expect(disclosureScope(actor('lead_bureau', 'u-b'))).toEqual({ kind: 'unit', unitId: 'u-b' });
    expect(disclosureScope(actor('county_coordinator', 'u-gov', ['handong']))).toEqual({ kind: 'jurisdictions', jurisdictionIds: ['handong'] });
    for (const role of ['business_office', 'leader', 'credit_office'] as const) expect(disclosureScope(actor(role, null)).kind).toBe('all');
    for (const role of ['enterprise', 'system_admin', 'security_admin', 'audit_admin'] as const) expect(disclosureScope(actor(role, 'u-a')).kind).toBe('none');
    expect(mayPublishDisclosure(actor('unit_handler', 'u-a'), { id: 'u-a' })).toBe(true);
    expect(mayPublishDisclosure(actor('unit_handler', 'u-a'), { id: 'u-b' })).toBe(false);
    expect(mayPublishDisclosure(actor('county_coordinator', 'u-a', ['handong']), { id: 'u-a' })).toBe(false);
    expect(mayPublishDisclosure(actor('business_office', 'u-office'), { id: 'u-a' })).toBe(true);
    expect(mayPublishDisclosure(actor('leader', 'u-a'), { id: 'u-a' })).toBe(false);
  });
});
