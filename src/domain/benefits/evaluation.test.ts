import { describe, expect, it } from 'vitest';
import { holidayCalendar } from '../calendar.ts';
import { benefitFigures, figuresBy, median, type FigureRow } from './evaluation.ts';

const WAN = 1_000_000;
const calendar = holidayCalendar([{ day: '2026-10-01', kind: 'holiday' }]);
const row = (overrides: Partial<FigureRow>): FigureRow => ({
  policyId: 'p1',
  enterpriseUnitId: 'e1',
  state: 'submitted',
  approvedAmount: null,
  disbursedAmount: 0,
  submittedOn: '2026-09-01',
  disbursedOn: null,
  late: false,
  ...overrides,
});

describe('benefit figures (P5, P6)', () => {
  it('counts enterprises reached, decisions, money approved, paid and late, and the median working days to money', () => {
    const rows = [
      row({ state: 'disbursed', approvedAmount: 30 * WAN, disbursedAmount: 30 * WAN, disbursedOn: '2026-09-15' }),
      row({ enterpriseUnitId: 'e2', state: 'disbursed', approvedAmount: 10 * WAN, disbursedAmount: 10 * WAN, submittedOn: '2026-09-28', disbursedOn: '2026-10-09' }),
      row({ enterpriseUnitId: 'e2', state: 'approved', approvedAmount: 120 * WAN, disbursedAmount: 40 * WAN, late: true }),
      row({ enterpriseUnitId: 'e3', state: 'refused' }),
      row({ enterpriseUnitId: 'e4' }),
      // An entitlement approved without money: decided, but no money to time.
      row({ enterpriseUnitId: 'e4', state: 'disbursed', approvedAmount: 0, disbursedOn: '2026-09-02' }),
    ];
    expect(benefitFigures(rows, calendar)).toEqual({
      enterprises: 4,
      applications: 6,
      approved: 4,
      refused: 1,
      approvalRate: 0.8,
      approvedAmount: 160 * WAN,
      disbursedAmount: 80 * WAN,
      outstandingAmount: 80 * WAN,
      late: 1,
      lateAmount: 80 * WAN,
      // 10 working days (1–15 September) and 8 (28 September – 9 October, National Day off): median 9.
      medianWorkingDays: 9,
    });
  });

  it('has no rate and no median before anything is decided or paid', () => {
    expect(benefitFigures([row({})], calendar)).toMatchObject({ approvalRate: null, medianWorkingDays: null, applications: 1, enterprises: 1 });
    expect(benefitFigures([], calendar)).toMatchObject({ applications: 0, enterprises: 0, approvedAmount: 0 });
  });

  it('groups by any key, keeping groups without applications', () => {
    const grouped = figuresBy([row({}), row({ policyId: 'p2' }), row({ policyId: 'p2', enterpriseUnitId: 'e2' })], (item) => item.policyId, ['p2', 'p1', 'p3'], calendar);
    expect(grouped.map((group) => [group.key, group.figures.applications, group.figures.enterprises])).toEqual([
      ['p2', 2, 2],
      ['p1', 1, 1],
      ['p3', 0, 0],
    ]);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});
