import { isAppError } from '../errors.ts';
import { formatWanYuan, parseYuan, type Fen } from '../money.ts';
import { conditionSchema, type Condition } from './conditions.ts';
import { SIZE_CLASSES, SIZE_CLASS_LABEL, type SizeClass } from './enterprise-size.ts';

/**
 * 申报条件 as a clerk writes them in a cell of the policy workbook, one condition a line:
 *
 *     行业: C、C34          所属行业（GB/T 4754 代码或其开头）
 *     营业收入>=2000万元     上年度营业收入（须写单位：万元或元）
 *     资产总额<=5000万元
 *     从业人员>=10
 *     成立年限>=2
 *     规模: 中型、小型、微型
 *     资质: 高新技术企业
 *     属地: 汉东区          属地的名称或编号
 *
 * read into the structured conditions of `conditionSchema`, and written back the same way.
 */

type FigureField = 'annualRevenue' | 'totalAssets' | 'employees' | 'yearsRegistered';
type ListField = 'sizeClass' | 'industry' | 'jurisdiction' | 'tag';

/** Each field's name in the cell (first) and the other names a clerk may write for it. */
const FIELD_NAMES = {
  annualRevenue: ['营业收入', '上年度营业收入', '年营业收入'],
  totalAssets: ['资产总额', '总资产'],
  employees: ['从业人员', '从业人员数', '职工人数', '员工人数'],
  yearsRegistered: ['成立年限', '注册年限'],
  sizeClass: ['规模', '企业规模'],
  industry: ['行业', '所属行业', '行业代码'],
  jurisdiction: ['属地', '注册地'],
  tag: ['资质', '标签', '资质或标签'],
} satisfies Record<Condition['field'], readonly string[]>;

const FIELD_OF_NAME = new Map(
  Object.entries(FIELD_NAMES).flatMap(([field, names]) => names.map((name) => [name, field as Condition['field']] as const)),
);

const isFigure = (field: Condition['field']): field is FigureField =>
  field === 'annualRevenue' || field === 'totalAssets' || field === 'employees' || field === 'yearsRegistered';

/** What the text needs from the reference data: the id of a jurisdiction named by its name or id. */
export interface ConditionTextContext {
  readonly jurisdictionId: (nameOrId: string) => string | null;
}

export type ConditionLineResult = { readonly ok: true; readonly condition: Condition } | { readonly ok: false; readonly message: string };

const EXAMPLES = '如“营业收入>=2000万元”“从业人员>=10”“规模: 中型、小型、微型”“行业: C”“资质: 高新技术企业”“属地: 汉东区”';
const FIELD_LIST = Object.values(FIELD_NAMES)
  .map((names) => names[0])
  .join('、');

const fail = (message: string): ConditionLineResult => ({ ok: false, message });

/** A bound on a figure: `2000万元` for money (its unit required), a whole number (`10`, `10人`, `2年`) otherwise. */
const figure = (field: FigureField, value: string): { value: number } | { message: string } => {
  if (field === 'annualRevenue' || field === 'totalAssets') {
    // Money says its unit: “2000” alone could be 元 or 万元, a thousandfold apart.
    if (!/(万元|万|元)$/u.test(value)) return { message: `金额须写明单位，如“${FIELD_NAMES[field][0]}>=2000万元”` };
    try {
      return { value: parseYuan(value) };
    } catch (error) {
      if (isAppError(error)) return { message: error.message };
      throw error;
    }
  }
  const unit = field === 'employees' ? '人' : '年';
  const match = new RegExp(`^(\\d{1,9})${unit}?$`, 'u').exec(value);
  if (match === null) return { message: `${FIELD_NAMES[field][0]}应为不小于0的整数，如“${FIELD_NAMES[field][0]}>=${field === 'employees' ? 10 : 2}”` };
  return { value: Number(match[1]) };
};

const SIZE_OF_LABEL = new Map<string, SizeClass>(
  SIZE_CLASSES.flatMap((size) => [
    [SIZE_CLASS_LABEL[size], size],
    [`${SIZE_CLASS_LABEL[size]}企业`, size],
    [size, size],
  ]),
);

/** The items of a list: separated by 、, commas (full-width or not) or spaces. */
const items = (text: string) => text.split(/[、,，\s]+/u).filter((item) => item !== '');

/** A comparison or a list, in half- or full-width signs; ≥ and ≤ are >= and <=. */
const LINE = /^([^:：=＝<＜>＞≥≤]+?)\s*([>＞][=＝]|[<＜][=＝]|≥|≤|[>＞]|[<＜]|[=＝]|[:：])\s*(.*)$/su;

/**
 * One line of 申报条件 as a condition, or why not, in words that quote the line.
 */
export const parseConditionLine = (line: string, context: ConditionTextContext): ConditionLineResult => {
  const quoted = `“${line.trim()}”`;
  const match = LINE.exec(line.trim());
  if (match === null) return fail(`${quoted}无法识别：每行写一个条件，${EXAMPLES}`);
  const [, name = '', rawSign = '', rest = ''] = match;
  const field = FIELD_OF_NAME.get(name.normalize('NFKC').replace(/\s+/gu, ''));
  if (field === undefined) return fail(`${quoted}：未知的条件“${name.trim()}”，可用的条件有${FIELD_LIST}`);
  const sign = rawSign.normalize('NFKC');
  const label = FIELD_NAMES[field][0];
  // The value keeps its own characters: a recognition or a jurisdiction is matched as written.
  const value = rest.trim();
  if (value === '') return fail(`${quoted}：缺少${label}的值`);

  let condition: unknown;
  if (isFigure(field)) {
    if (sign === '>' || sign === '<') return fail(`${quoted}：只能写 >=（不低于）或 <=（不高于）`);
    if (sign === ':' || sign === '=') return fail(`${quoted}：请写明比较方式，如“${label}>=…”或“${label}<=…”`);
    const bound = figure(field, value.normalize('NFKC').replace(/\s+/gu, ''));
    if ('message' in bound) return fail(`${quoted}：${bound.message}`);
    condition = { field, op: sign === '>=' || sign === '≥' ? 'gte' : 'lte', value: bound.value };
  } else {
    if (sign !== ':' && sign !== '=') return fail(`${quoted}：${label}写作“${label}: …”，不作大小比较`);
    switch (field satisfies ListField) {
      case 'sizeClass': {
        const listed = items(value.normalize('NFKC'));
        const unknown = listed.filter((item) => !SIZE_OF_LABEL.has(item));
        if (unknown.length > 0) return fail(`${quoted}：企业规模应为大型、中型、小型或微型，“${unknown.join('、')}”无法识别`);
        condition = { field, op: 'in', values: [...new Set(listed.map((item) => SIZE_OF_LABEL.get(item)!))] };
        break;
      }
      case 'industry':
        condition = { field, op: 'in', values: [...new Set(items(value.normalize('NFKC')).map((code) => code.toUpperCase()))] };
        break;
      case 'jurisdiction': {
        const named = items(value).map((item) => [item, context.jurisdictionId(item)] as const);
        const unknown = named.filter(([, id]) => id === null).map(([item]) => item);
        if (unknown.length > 0) return fail(`${quoted}：未找到属地“${unknown.join('、')}”，请填写本市县市区、管委会的名称`);
        condition = { field, op: 'in', values: [...new Set(named.map(([, id]) => id!))] };
        break;
      }
      case 'tag':
        // Several recognitions in one line could mean any or all of them; a line each means all.
        if (/[、,，]/u.test(value)) return fail(`${quoted}：每行只写一项资质；须同时具备多项资质时分行填写`);
        condition = { field, op: 'has', value };
        break;
    }
  }
  const checked = conditionSchema.safeParse(condition);
  if (!checked.success) return fail(`${quoted}：${checked.error.issues[0]?.message ?? '取值无效'}`);
  return { ok: true, condition: checked.data };
};

/**
 * The 申报条件 of a cell: one condition a line (or separated by ；), empty lines ignored. Every
 * line that cannot be read is one message.
 */
export const parseConditionText = (text: string, context: ConditionTextContext): { conditions: Condition[]; errors: string[] } => {
  const conditions: Condition[] = [];
  const errors: string[] = [];
  for (const line of text.split(/[\r\n;；]+/u)) {
    if (line.trim() === '') continue;
    const result = parseConditionLine(line, context);
    if (result.ok) conditions.push(result.condition);
    else errors.push(result.message);
  }
  return { conditions, errors };
};

/** 万元 without separators or trailing zeros: `2000万元`, `12.5万元`. */
const wanText = (fen: Fen): string => formatWanYuan(fen, 6).replaceAll(',', '').replace(/\.?0+万元$/u, '万元');

/**
 * A condition as a line of the cell, the inverse of `parseConditionLine`: `营业收入>=2000万元`,
 * `规模: 中型、小型、微型`, `属地: 汉东区`.
 */
export const conditionLine = (condition: Condition, jurisdictionName: (id: string) => string): string => {
  const label = FIELD_NAMES[condition.field][0];
  switch (condition.field) {
    case 'annualRevenue':
    case 'totalAssets':
      return `${label}${condition.op === 'gte' ? '>=' : '<='}${wanText(condition.value)}`;
    case 'employees':
    case 'yearsRegistered':
      return `${label}${condition.op === 'gte' ? '>=' : '<='}${condition.value}`;
    case 'sizeClass':
      return `${label}: ${condition.values.map((size) => SIZE_CLASS_LABEL[size]).join('、')}`;
    case 'industry':
      return `${label}: ${condition.values.join('、')}`;
    case 'jurisdiction':
      return `${label}: ${condition.values.map(jurisdictionName).join('、')}`;
    case 'tag':
      return `${label}: ${condition.value}`;
  }
};

/** The conditions as the cell holds them, one a line. */
export const conditionText = (conditions: readonly Condition[], jurisdictionName: (id: string) => string): string =>
  conditions.map((condition) => conditionLine(condition, jurisdictionName)).join('\n');
