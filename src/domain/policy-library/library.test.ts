import { describe, expect, it } from 'vitest';
import { expectError } from '../../../test/support/domain.ts';
import { yuan } from '../money.ts';
import type { EnterpriseProfile } from './conditions.ts';
import { amountRuleText, checkEnding, checkPolicyDates, inForceOn, policyInputSchema, type Policy } from './library.ts';
import { matchClauses } from './matching.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const clause = (id: string, conditions: Policy['clauses'][number]['conditions']) => ({
  id,
  seq: 1,
  article: '第6条',
  title: '智能化技术改造奖补',
  class: 'subsidy' as const,
  content: '对设备投资额500万元以上的技术改造项目，按设备投资额的10%给予奖补，最高200万元。',
  amountRule: { kind: 'rate' as const, basisPoints: 1_000, base: '设备投资额', cap: wan(200) },
  conditions,
  materials: ['项目验收报告', '设备购置发票'],
  noApplication: false,
  fastTrack: true,
});

const POLICY: Policy = {
  id: 'p-1',
  documentNo: '汉政发〔2026〕3号',
  title: '汉江市加快制造业高质量发展若干政策',
  issuerUnitId: 'u-jingxinju',
  level: 'city',
  jurisdictionId: 'city',
  packageTag: '30条',
  publishedOn: '2026-01-15',
  effectiveOn: '2026-02-01',
  expiresOn: '2028-12-31',
  status: 'in_force',
  endedOn: null,
  supersededBy: null,
  clauses: [
    clause('c-revenue', [{ field: 'annualRevenue', op: 'gte', value: wan(2_000) }]),
    clause('c-industry', [{ field: 'industry', op: 'in', values: ['C'] }]),
  ],
  version: 1,
};

const PROFILE: EnterpriseProfile = {
  industryCode: 'C3484',
  employees: 86,
  annualRevenue: wan(1_250),
  totalAssets: wan(3_600),
  jurisdictionId: 'gaoxin',
  registeredOn: '2019-05-20',
  tags: [],
};

describe('the policy library (P1, P7)', () => {
  it('words amount rules as people read them', () => {
    expect(amountRuleText({ kind: 'fixed', amount: wan(50) })).toBe('定额 50万元');
    expect(amountRuleText({ kind: 'rate', basisPoints: 1_000, base: '设备投资额', cap: wan(200) })).toBe('按设备投资额的10%，最高200万元');
    expect(amountRuleText({ kind: 'rate', basisPoints: 250, base: '研发费用', cap: null })).toBe('按研发费用的2.5%');
    expect(amountRuleText({ kind: 'none' })).toBe('不涉及资金');
  });

  it('refuses dates that do not hang together', () => {
    expectError(() => checkPolicyDates({ publishedOn: '2026-02-01', effectiveOn: '2026-01-31' }), 'VALIDATION_FAILED');
    expectError(() => checkPolicyDates({ publishedOn: '2026-01-15', effectiveOn: '2026-02-01', expiresOn: '2026-02-01' }), 'VALIDATION_FAILED');
    expect(() => checkPolicyDates({ publishedOn: '2026-01-15', effectiveOn: '2026-01-15' })).not.toThrow();
  });

  it('is in force from its effective day to its expiry, and never once revised or abolished', () => {
    expect(inForceOn(POLICY, '2026-01-31')).toBe(false);
    expect(inForceOn(POLICY, '2026-02-01')).toBe(true);
    expect(inForceOn(POLICY, '2028-12-31')).toBe(true);
    expect(inForceOn(POLICY, '2029-01-01')).toBe(false);
    expect(inForceOn({ ...POLICY, status: 'abolished' }, '2026-06-01')).toBe(false);
    expectError(() => checkEnding({ ...POLICY, status: 'abolished' }, '2026-06-01', '2026-06-01'), 'POLICY_NOT_IN_FORCE');
    expectError(() => checkEnding(POLICY, '2026-06-02', '2026-06-01'), 'VALIDATION_FAILED');
  });

  it('checks a policy with at least one clause, each with its class and amount rule', () => {
    const parsed = policyInputSchema.safeParse({ documentNo: '汉政发〔2026〕3号', title: '若干政策', issuerUnitId: 'u-jingxinju', publishedOn: '2026-01-15', effectiveOn: '2026-02-01', clauses: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('政策至少包含一个条款');
  });

  it('lists the clauses an enterprise qualifies for first, and for the others why not', () => {
    const matches = matchClauses(PROFILE, [POLICY], { today: '2026-03-02', jurisdictionName: (id) => id });
    expect(matches.map((match) => [match.clause.id, match.qualifies])).toEqual([
      ['c-industry', true],
      ['c-revenue', false],
    ]);
    expect(matches[1]?.results[0]?.text).toBe('上年度营业收入须 ≥ 2,000万元，当前 1,250万元');
    expect(matchClauses(PROFILE, [{ ...POLICY, status: 'abolished' }], { today: '2026-03-02', jurisdictionName: (id) => id })).toEqual([]);
  });
});
