import { describe, expect, it } from 'vitest';
import { yuan } from '../money.ts';
import { conditionSchema, describeCondition, evaluateConditions, fullYears, type EnterpriseProfile } from './conditions.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const PROFILE: EnterpriseProfile = {
  industryCode: 'C3484',
  employees: 86,
  annualRevenue: wan(1_250),
  totalAssets: wan(3_600),
  jurisdictionId: 'gaoxin',
  registeredOn: '2019-05-20',
  tags: ['高新技术企业'],
};

const NAMES: Record<string, string> = { gaoxin: '高新区', handong: '汉东区' };
const context = { today: '2026-03-02', jurisdictionName: (id: string) => NAMES[id] ?? id };

describe('matching an enterprise against a clause’s conditions', () => {
  it('says exactly which condition fails and by how much, in plain words', () => {
    const { qualifies, results } = evaluateConditions(
      [
        { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
        { field: 'employees', op: 'gte', value: 20 },
        { field: 'tag', op: 'has', value: '专精特新' },
        { field: 'jurisdiction', op: 'in', values: ['handong'] },
      ],
      PROFILE,
      context,
    );
    expect(qualifies).toBe(false);
    expect(results.map((result) => [result.met, result.text])).toEqual([
      [false, '上年度营业收入须 ≥ 2,000万元，当前 1,250万元'],
      [true, '从业人员 ≥ 20人（当前 86人）'],
      [false, '须具有“专精特新”资质，当前没有'],
      [false, '注册地须在汉东区，当前在高新区'],
    ]);
  });

  it('qualifies an enterprise that meets every condition, its size class by the 2017 standard', () => {
    const { qualifies, results } = evaluateConditions(
      [
        { field: 'sizeClass', op: 'in', values: ['small', 'micro'] },
        { field: 'industry', op: 'in', values: ['C34', 'C35'] },
        { field: 'yearsRegistered', op: 'gte', value: 3 },
        { field: 'totalAssets', op: 'lte', value: wan(5_000) },
      ],
      PROFILE,
      context,
    );
    expect(qualifies).toBe(true);
    expect(results.map((result) => result.text)).toEqual([
      '企业规模为小型、微型（当前小型）',
      '所属行业在 C34、C35 内（当前 C3484）',
      '成立年限 ≥ 3年（当前 6年）',
      '资产总额 ≤ 5,000万元（当前 3,600万元）',
    ]);
  });

  it('describes a condition without an enterprise, as the library shows it', () => {
    expect(describeCondition({ field: 'annualRevenue', op: 'gte', value: wan(2_000) }, context.jurisdictionName)).toBe('上年度营业收入 ≥ 2,000万元');
    expect(describeCondition({ field: 'sizeClass', op: 'in', values: ['small', 'micro'] }, context.jurisdictionName)).toBe('企业规模为小型、微型');
    expect(describeCondition({ field: 'jurisdiction', op: 'in', values: ['handong', 'gaoxin'] }, context.jurisdictionName)).toBe('注册地在汉东区、高新区');
  });

  it('counts whole years of registration, the anniversary included', () => {
    expect(fullYears('2019-05-20', '2026-05-19')).toBe(6);
    expect(fullYears('2019-05-20', '2026-05-20')).toBe(7);
  });

  it('refuses a malformed condition with a Chinese message', () => {
    const bad = conditionSchema.safeParse({ field: 'industry', op: 'in', values: ['制造业'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/行业代码/);
    expect(conditionSchema.safeParse({ field: 'annualRevenue', op: 'gte', value: -1 }).success).toBe(false);
  });
});
