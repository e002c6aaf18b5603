import { describe, expect, it } from 'vitest';
import { yuan } from '../money.ts';
import { sizeClassOf, sizeSectorOf } from './enterprise-size.ts';

const wan = (amount: number) => yuan(amount * 10_000);

describe('size classes by 《统计上大中小微型企业划分办法（2017）》', () => {
  it('finds the sector of a GB/T 4754-2017 code', () => {
    expect(sizeSectorOf('C3484')).toBe('industry');
    expect(sizeSectorOf('E48')).toBe('construction');
    expect(sizeSectorOf('F5211')).toBe('retail');
    expect(sizeSectorOf('F51')).toBe('wholesale');
    expect(sizeSectorOf('I6510')).toBe('software');
    expect(sizeSectorOf('I64')).toBe('telecom');
    expect(sizeSectorOf('K7010')).toBe('real_estate_development');
    expect(sizeSectorOf('K7020')).toBe('property_management');
    expect(sizeSectorOf('M7320')).toBe('other');
  });

  it('needs every listed indicator for large, medium and small: an industrial firm with 300 staff but 1,999万 revenue is small', () => {
    expect(sizeClassOf({ industryCode: 'C3484', employees: 1_000, annualRevenue: wan(40_000), totalAssets: 0 })).toBe('large');
    expect(sizeClassOf({ industryCode: 'C3484', employees: 300, annualRevenue: wan(2_000), totalAssets: 0 })).toBe('medium');
    expect(sizeClassOf({ industryCode: 'C3484', employees: 300, annualRevenue: wan(1_999.99), totalAssets: 0 })).toBe('small');
    expect(sizeClassOf({ industryCode: 'C3484', employees: 19, annualRevenue: wan(50_000), totalAssets: 0 })).toBe('micro');
  });

  it('classifies construction by revenue and assets, software by staff and revenue, other industries by staff alone', () => {
    expect(sizeClassOf({ industryCode: 'E4813', employees: 5, annualRevenue: wan(6_000), totalAssets: wan(5_000) })).toBe('medium');
    expect(sizeClassOf({ industryCode: 'E4813', employees: 5_000, annualRevenue: wan(6_000), totalAssets: wan(4_999) })).toBe('small');
    expect(sizeClassOf({ industryCode: 'I6510', employees: 10, annualRevenue: wan(50), totalAssets: 0 })).toBe('small');
    expect(sizeClassOf({ industryCode: 'I6510', employees: 10, annualRevenue: wan(49.99), totalAssets: 0 })).toBe('micro');
    expect(sizeClassOf({ industryCode: 'M7320', employees: 300, annualRevenue: 0, totalAssets: 0 })).toBe('large');
    expect(sizeClassOf({ industryCode: 'M7320', employees: 9, annualRevenue: wan(100_000), totalAssets: 0 })).toBe('micro');
  });
});
