import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yuan } from '../money.ts';
import { conditionLine, conditionText, parseConditionLine, parseConditionText } from './condition-text.ts';
import type { Condition } from './conditions.ts';
import { SIZE_CLASSES } from './enterprise-size.ts';

const wan = (amount: number) => yuan(amount * 10_000);

const JURISDICTIONS: Record<string, string> = { handong: '汉东区', jiangbei: '江北区', gaoxin: '汉江高新技术产业开发区管委会' };
const context = {
  jurisdictionId: (nameOrId: string) =>
    nameOrId in JURISDICTIONS ? nameOrId : (Object.entries(JURISDICTIONS).find(([, name]) => name === nameOrId)?.[0] ?? null),
};
const nameOf = (id: string) => JURISDICTIONS[id] ?? id;

const parsed = (text: string) => parseConditionText(text, context);

describe('reading 申报条件 written in a workbook cell', () => {
  it('reads every kind of condition, one a line, into the structured conditions matching uses (P2)', () => {
    expect(
      parsed(['行业: C', '营业收入>=2000万元', '资产总额<=5000万元', '规模: 中型,小型,微型', '资质: 高新技术企业', '属地: 汉东区', '成立年限>=2', '从业人员>=10'].join('\n')),
    ).toEqual({
      conditions: [
        { field: 'industry', op: 'in', values: ['C'] },
        { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
        { field: 'totalAssets', op: 'lte', value: wan(5_000) },
        { field: 'sizeClass', op: 'in', values: ['medium', 'small', 'micro'] },
        { field: 'tag', op: 'has', value: '高新技术企业' },
        { field: 'jurisdiction', op: 'in', values: ['handong'] },
        { field: 'yearsRegistered', op: 'gte', value: 2 },
        { field: 'employees', op: 'gte', value: 10 },
      ],
      errors: [],
    });
  });

  it('takes the ways people type them: full-width signs, ≥ and ≤, ；between conditions, units and spaces, other names of a field', () => {
    expect(parsed('所属行业：I64、i65；上年度营业收入 ≥ 2,000万元\r\n\r\n从业人员数＞＝10人；注册年限≤5年；企业规模 = 小型企业，微型；注册地: 汉江高新技术产业开发区管委会、jiangbei')).toEqual({
      conditions: [
        { field: 'industry', op: 'in', values: ['I64', 'I65'] },
        { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
        { field: 'employees', op: 'gte', value: 10 },
        { field: 'yearsRegistered', op: 'lte', value: 5 },
        { field: 'sizeClass', op: 'in', values: ['small', 'micro'] },
        { field: 'jurisdiction', op: 'in', values: ['gaoxin', 'jiangbei'] },
      ],
      errors: [],
    });
    expect(parsed('营业收入>=500000元').conditions).toEqual([{ field: 'annualRevenue', op: 'gte', value: yuan(500_000) }]);
    expect(parsed('资产总额>=12.5万').conditions).toEqual([{ field: 'totalAssets', op: 'gte', value: wan(12.5) }]);
  });

  it('keeps a recognition as written, full-width brackets and all, since enterprises’ recognitions are matched exactly', () => {
    expect(parsed('资质：首台（套）重大技术装备').conditions).toEqual([{ field: 'tag', op: 'has', value: '首台（套）重大技术装备' }]);
  });

  it('reads an empty cell as no condition', () => {
    expect(parsed('')).toEqual({ conditions: [], errors: [] });
    expect(parsed(' \n ；')).toEqual({ conditions: [], errors: [] });
  });

  it('says, for every line it cannot read, which line and why, and reads the rest', () => {
    const result = parsed(
      ['营业收入>=2000', '营业收入>2000万元', '从业人员: 10', '从业人员>=十人', '规模: 小微', '行业: 制造业', '属地: 武汉市', '资质: 高新技术企业、专精特新', '注册资本>=100万元', '行业 C', '资质: ', '资质: 专精特新', '规模>=中型'].join('\n'),
    );
    expect(result.conditions).toEqual([{ field: 'tag', op: 'has', value: '专精特新' }]);
    expect(result.errors).toEqual([
      '“营业收入>=2000”：金额须写明单位，如“营业收入>=2000万元”',
      '“营业收入>2000万元”：只能写 >=（不低于）或 <=（不高于）',
      '“从业人员: 10”：请写明比较方式，如“从业人员>=…”或“从业人员<=…”',
      '“从业人员>=十人”：从业人员应为不小于0的整数，如“从业人员>=10”',
      '“规模: 小微”：企业规模应为大型、中型、小型或微型，“小微”无法识别',
      '“行业: 制造业”：行业代码应为国民经济行业分类代码，如 C、C34、C3484',
      '“属地: 武汉市”：未找到属地“武汉市”，请填写本市县市区、管委会的名称',
      '“资质: 高新技术企业、专精特新”：每行只写一项资质；须同时具备多项资质时分行填写',
      '“注册资本>=100万元”：未知的条件“注册资本”，可用的条件有营业收入、资产总额、从业人员、成立年限、规模、行业、属地、资质',
      '“行业 C”无法识别：每行写一个条件，如“营业收入>=2000万元”“从业人员>=10”“规模: 中型、小型、微型”“行业: C”“资质: 高新技术企业”“属地: 汉东区”',
      '“资质:”：缺少资质的值',
      '“规模>=中型”：规模写作“规模: …”，不作大小比较',
    ]);
  });

  it('refuses text that cannot be stored (NUL, a lone surrogate) in a recognition', () => {
    expect(parseConditionLine('资质: 高新\u0000技术企业', context)).toEqual({ ok: false, message: '“资质: 高新\u0000技术企业”：资质或标签含有无法保存的字符' });
    expect(parseConditionLine('资质: 高新\uD800', context).ok).toBe(false);
  });
});

describe('writing conditions back as cell text', () => {
  it('writes each condition as the line a clerk would type', () => {
    expect(
      conditionText(
        [
          { field: 'annualRevenue', op: 'gte', value: wan(2_000) },
          { field: 'totalAssets', op: 'lte', value: wan(12.5) },
          { field: 'sizeClass', op: 'in', values: ['medium', 'small'] },
          { field: 'jurisdiction', op: 'in', values: ['handong', 'gaoxin'] },
        ],
        nameOf,
      ),
    ).toBe('营业收入>=2000万元\n资产总额<=12.5万元\n规模: 中型、小型\n属地: 汉东区、汉江高新技术产业开发区管委会');
  });

  it('reads back every condition it writes, exactly', () => {
    const money = fc.integer({ min: 0, max: 10 ** 12 });
    const op = fc.constantFrom('gte' as const, 'lte' as const);
    const some = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length });
    const condition: fc.Arbitrary<Condition> = fc.oneof(
      fc.record({ field: fc.constantFrom('annualRevenue' as const, 'totalAssets' as const), op, value: money }),
      fc.record({ field: fc.constantFrom('employees' as const, 'yearsRegistered' as const), op, value: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({ field: fc.constant('sizeClass' as const), op: fc.constant('in' as const), values: some(SIZE_CLASSES) }),
      fc.record({ field: fc.constant('industry' as const), op: fc.constant('in' as const), values: some(['A', 'C', 'C34', 'C3484', 'I64', 'P8310']) }),
      fc.record({ field: fc.constant('jurisdiction' as const), op: fc.constant('in' as const), values: some(Object.keys(JURISDICTIONS)) }),
      fc.record({ field: fc.constant('tag' as const), op: fc.constant('has' as const), value: fc.constantFrom('高新技术企业', '专精特新', '首台（套）', '省级企业技术中心') }),
    );
    fc.assert(
      fc.property(condition, (written) => {
        expect(parseConditionLine(conditionLine(written, nameOf), context)).toEqual({ ok: true, condition: written });
      }),
    );
  });
});
