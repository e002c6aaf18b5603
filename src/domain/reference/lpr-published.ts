import type { LprRate } from '../lines/arrears/late-interest.ts';

/**
 * The one-year 贷款市场报价利率 (LPR) as published since the reform of August 2019 — 中国人民银行授权
 * 全国银行间同业拆借中心公布 — one row for each change, dated the day the new rate was published and
 * took effect (a month without a change has no row: the rate in force stays). Every new city
 * starts with these (Art. 17 of 保障中小企业款项支付条例 floors an agreed late-interest rate at the
 * LPR on the day the contract was signed); the 系统管理员 adds later changes on 组织机构与基础数据.
 *
 * Migration `20261205_0035_lpr_rates.sql` seeds the cities that existed before it with the same
 * rows, written out in its SQL; the two must match (a test reads the migration and compares).
 */
export const PUBLISHED_LPR = [
  { effectiveOn: '2019-08-20', oneYearBp: 425 },
  { effectiveOn: '2019-09-20', oneYearBp: 420 },
  { effectiveOn: '2019-11-20', oneYearBp: 415 },
  { effectiveOn: '2020-02-20', oneYearBp: 405 },
  { effectiveOn: '2020-04-20', oneYearBp: 385 },
  { effectiveOn: '2021-12-20', oneYearBp: 380 },
  { effectiveOn: '2022-01-20', oneYearBp: 370 },
  { effectiveOn: '2022-08-22', oneYearBp: 365 },
  { effectiveOn: '2023-06-20', oneYearBp: 355 },
  { effectiveOn: '2023-08-21', oneYearBp: 345 },
  { effectiveOn: '2024-07-22', oneYearBp: 335 },
  { effectiveOn: '2024-10-21', oneYearBp: 310 },
  { effectiveOn: '2025-05-20', oneYearBp: 300 },
] as const satisfies readonly LprRate[];
