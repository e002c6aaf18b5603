import { describe, expect, it } from 'vitest';
import { integrityIndex, rankIntegrity, type IndexInput } from './integrity-index.ts';

const unit = (overrides: Partial<IndexInput>): IndexInput => ({
  id: 'u',
  name: '单位',
  cases: 10,
  open: 10,
  closed: 0,
  overdue: 0,
  closedOnTime: 0,
  returned: 0,
  breachRecords: 0,
  ...overrides,
});

describe('the integrity index (诚信指数)', () => {
  it('scores 60 × on-time rate + 20 × (1 − overdue ÷ open) + (20 − 5 × returned) − 10 × breach records', () => {
    // on time 4 of (closed 4 + overdue 1) = 80%: 48; overdue 1 of 5 open: 16; 1 return: 15; 1 breach: −10.
    const { score, parts } = integrityIndex(unit({ cases: 9, open: 5, closed: 4, closedOnTime: 4, overdue: 1, returned: 1, breachRecords: 1 }));
    expect(parts.map((part) => part.points)).toEqual([48, 16, 15, -10]);
    expect(score).toBe(69);
    expect(parts.map((part) => part.explanation)).toEqual([
      '按期办结率 80.0%（4/5）× 60 = 48.0',
      '逾期 1 件/未办结 5 件：20 × (1 − 1/5) = 16.0',
      '退回 1 次 −5：20 − 5 = 15.0（最低 0）',
      '失信记录 1 条 −10',
    ]);
  });

  it('gives full marks where nothing has fallen due and nothing is open', () => {
    expect(integrityIndex(unit({ open: 0, closed: 0 })).score).toBe(100);
    expect(integrityIndex(unit({ open: 3 })).parts[0]!.explanation).toContain('计满 60 分');
  });

  it('floors the feedback part and the total at 0', () => {
    const { score, parts } = integrityIndex(unit({ open: 2, overdue: 2, returned: 7, breachRecords: 3 }));
    expect(parts.find((part) => part.key === 'feedback')!.points).toBe(0);
    expect(score).toBe(0);
  });

  it('ranks by score, then fewer overdue, fewer breach records, more cases, name; ties share a rank; no cases, no rank', () => {
    const ranked = rankIntegrity([
      unit({ id: 'a', name: '乙局', open: 4, overdue: 2 }),
      unit({ id: 'b', name: '甲局', open: 4, overdue: 2 }),
      unit({ id: 'c', name: '丙局', cases: 12, open: 0 }),
      unit({ id: 'd', name: '丁局', cases: 3, open: 0 }),
      unit({ id: 'e', name: '空局', cases: 0, open: 0 }),
    ]);
    expect(ranked.map((row) => [row.id, row.rank, row.score])).toEqual([
      ['c', 1, 100],
      ['d', 1, 100],
      ['a', 3, 30], // 乙 (U+4E59) before 甲 (U+7532) in code-point order
      ['b', 3, 30],
    ]);
  });
});
