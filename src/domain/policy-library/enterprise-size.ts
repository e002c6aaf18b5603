import type { Fen } from '../money.ts';

/**
 * 一企一档: an enterprise's size class by the national standard 《统计上大中小微型企业划分办法
 * （2017）》（国统字〔2017〕213号）, from its industry (GB/T 4754-2017 国民经济行业分类), its
 * employees (从业人员 X), its revenue (营业收入 Y) and its total assets (资产总额 Z).
 *
 * A large, medium or small enterprise must reach the lower bound of every indicator its
 * industry lists, or it falls one class lower; a micro enterprise needs to meet only one of
 * them (the standard's 说明). Amounts here are 分: 1 万元 = 1,000,000 分.
 */
export const SIZE_CLASSES = ['large', 'medium', 'small', 'micro'] as const;
export type SizeClass = (typeof SIZE_CLASSES)[number];

export const SIZE_CLASS_LABEL = {
  large: '大型',
  medium: '中型',
  small: '小型',
  micro: '微型',
} satisfies Record<SizeClass, string>;

/** The industries the standard sets its own bounds for. */
export const SIZE_SECTORS = [
  'agriculture',
  'industry',
  'construction',
  'wholesale',
  'retail',
  'transport',
  'warehousing',
  'postal',
  'accommodation',
  'catering',
  'telecom',
  'software',
  'real_estate_development',
  'property_management',
  'leasing_business_services',
  'other',
] as const;
export type SizeSector = (typeof SIZE_SECTORS)[number];

export const SIZE_SECTOR_LABEL = {
  agriculture: '农、林、牧、渔业',
  industry: '工业',
  construction: '建筑业',
  wholesale: '批发业',
  retail: '零售业',
  transport: '交通运输业',
  warehousing: '仓储业',
  postal: '邮政业',
  accommodation: '住宿业',
  catering: '餐饮业',
  telecom: '信息传输业',
  software: '软件和信息技术服务业',
  real_estate_development: '房地产开发经营',
  property_management: '物业管理',
  leasing_business_services: '租赁和商务服务业',
  other: '其他未列明行业',
} satisfies Record<SizeSector, string>;

/** A GB/T 4754-2017 code: a section letter, optionally followed by 2 to 4 digits (C, C34, C3484). */
export const INDUSTRY_CODE = /^[A-T](\d{2}(\d{1,2})?)?$/;

/** The sector of the standard an industry code falls in. */
export const sizeSectorOf = (industryCode: string): SizeSector => {
  const section = industryCode.charAt(0);
  const division = Number(industryCode.slice(1, 3));
  const group = industryCode.slice(1, 5);
  switch (section) {
    case 'A':
      return 'agriculture';
    case 'B':
    case 'C':
    case 'D':
      return 'industry';
    case 'E':
      return 'construction';
    case 'F':
      return division === 52 ? 'retail' : division === 51 ? 'wholesale' : 'other';
    case 'G':
      if (division >= 53 && division <= 58) return 'transport';
      if (division === 59) return 'warehousing';
      return division === 60 ? 'postal' : 'other';
    case 'H':
      return division === 61 ? 'accommodation' : division === 62 ? 'catering' : 'other';
    case 'I':
      if (division === 63 || division === 64) return 'telecom';
      return division === 65 ? 'software' : 'other';
    case 'K':
      if (group.startsWith('701')) return 'real_estate_development';
      return group.startsWith('702') ? 'property_management' : 'other';
    case 'L':
      return 'leasing_business_services';
    default:
      return 'other';
  }
};

/** The figures the standard classifies by. */
export interface SizeFigures {
  readonly industryCode: string;
  readonly employees: number;
  readonly annualRevenue: Fen;
  readonly totalAssets: Fen;
}

type Indicator = 'employees' | 'annualRevenue' | 'totalAssets';

/** The lower bounds of large, medium and small, per indicator (persons, or 万元). */
type Bounds = Partial<Record<Indicator, readonly [large: number, medium: number, small: number]>>;

const WAN = 1_000_000;

/** The table of the standard (persons; 万元). */
const BOUNDS: Record<SizeSector, Bounds> = {
  agriculture: { annualRevenue: [20_000, 500, 50] },
  industry: { employees: [1_000, 300, 20], annualRevenue: [40_000, 2_000, 300] },
  construction: { annualRevenue: [80_000, 6_000, 300], totalAssets: [80_000, 5_000, 300] },
  wholesale: { employees: [200, 20, 5], annualRevenue: [40_000, 5_000, 1_000] },
  retail: { employees: [300, 50, 10], annualRevenue: [20_000, 500, 100] },
  transport: { employees: [1_000, 300, 20], annualRevenue: [30_000, 3_000, 200] },
  warehousing: { employees: [200, 100, 20], annualRevenue: [30_000, 1_000, 100] },
  postal: { employees: [1_000, 300, 20], annualRevenue: [30_000, 2_000, 100] },
  accommodation: { employees: [300, 100, 10], annualRevenue: [10_000, 2_000, 100] },
  catering: { employees: [300, 100, 10], annualRevenue: [10_000, 2_000, 100] },
  telecom: { employees: [2_000, 100, 10], annualRevenue: [100_000, 1_000, 100] },
  software: { employees: [300, 100, 10], annualRevenue: [10_000, 1_000, 50] },
  real_estate_development: { annualRevenue: [200_000, 1_000, 100], totalAssets: [10_000, 5_000, 2_000] },
  property_management: { employees: [1_000, 300, 100], annualRevenue: [5_000, 1_000, 500] },
  leasing_business_services: { employees: [300, 100, 10], totalAssets: [120_000, 8_000, 100] },
  other: { employees: [300, 100, 10] },
};

const valueOf = (figures: SizeFigures, indicator: Indicator): number => (indicator === 'employees' ? figures.employees : figures[indicator] / WAN);

/** The size class of an enterprise by the 2017 standard. */
export const sizeClassOf = (figures: SizeFigures): SizeClass => {
  const bounds = Object.entries(BOUNDS[sizeSectorOf(figures.industryCode)]) as [Indicator, readonly [number, number, number]][];
  const reaches = (level: 0 | 1 | 2) => bounds.every(([indicator, limits]) => valueOf(figures, indicator) >= limits[level]);
  if (reaches(0)) return 'large';
  if (reaches(1)) return 'medium';
  if (reaches(2)) return 'small';
  return 'micro';
};
