import { describe, expect, it } from 'vitest';
import { itemNeedsReport, unitReportStatus } from './round-status.ts';

describe('a unit’s reporting status in a round (G1)', () => {
  it('is pending until the due date, overdue after it, and submitted on time or late', () => {
    expect(unitReportStatus({ submittedOn: null, dueOn: '2026-11-27', today: '2026-11-27' })).toBe('pending');
    expect(unitReportStatus({ submittedOn: null, dueOn: '2026-11-27', today: '2026-11-28' })).toBe('overdue');
    expect(unitReportStatus({ submittedOn: '2026-11-27', dueOn: '2026-11-27', today: '2026-11-30' })).toBe('submitted');
    expect(unitReportStatus({ submittedOn: '2026-11-28', dueOn: '2026-11-27', today: '2026-11-30' })).toBe('submitted_late');
  });

  it('needs a report on every case still open and not yet reported', () => {
    expect(itemNeedsReport({ progress: null, caseOpen: true })).toBe(true);
    expect(itemNeedsReport({ progress: '已付款', caseOpen: true })).toBe(false);
    expect(itemNeedsReport({ progress: null, caseOpen: false })).toBe(false);
  });
});
