/**
 * 诚信指数 (integrity index) of a responsible unit or a jurisdiction: a 100-point score of how
 * a government keeps its word in the action (G1, G3, G4, S4, S5). Pure; docs/REPORTS.md gives
 * the reasons for the weights.
 *
 *   按期办结   60 × on-time rate                        (60 when nothing has fallen due yet)
 *   逾期在办   20 × (1 − overdue ÷ open)                (20 with no open case)
 *   反馈质量   max(0, 20 − 5 × returned feedback)
 *   失信记录   −10 × breach records in effect
 *   total      max(0, sum), shown to one decimal
 */
import { EMPTY_COUNTS, groupRates, type GroupCounts } from './figures.ts';

export const INDEX_WEIGHTS = {
  onTime: 60,
  overdue: 20,
  feedback: 20,
  perReturn: 5,
  perBreach: 10,
} as const;

/** The formula as the report page and the workbook print it. */
export const INDEX_FORMULA =
  '诚信指数 = 60 × 按期办结率 + 20 × (1 − 逾期件数 ÷ 未办结件数) + max(0, 20 − 5 × 退回次数) − 10 × 有效失信记录条数，最低 0 分。' +
  '尚无到期案件时按期办结部分计满 60 分；无未办结案件时逾期部分计满 20 分。';

export interface IndexInput extends Pick<GroupCounts, 'cases' | 'open' | 'closed' | 'overdue' | 'closedOnTime' | 'returned'> {
  readonly id: string;
  readonly name: string;
  /** S4: breach records in effect (status recorded or objected) on the report date. */
  readonly breachRecords: number;
}

export type IndexPartKey = 'onTime' | 'overdue' | 'feedback' | 'breach';

/** One line of 得分明细. */
export interface IndexPart {
  readonly key: IndexPartKey;
  readonly points: number;
  /** Chinese, e.g. "按期办结率 80.0%（4/5）× 60 = 48.0". */
  readonly explanation: string;
}

export interface IndexRow {
  readonly id: string;
  readonly name: string;
  readonly rank: number;
  /** Rounded to one decimal: the figure shown, ranked and compared. */
  readonly score: number;
  readonly parts: IndexPart[];
  readonly cases: number;
  readonly overdue: number;
  readonly breachRecords: number;
}

const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
const points = (value: number): string => oneDecimal(value).toFixed(1);
const percent = (rate: number): string => `${(rate * 100).toFixed(1)}%`;

/** The score of one unit or jurisdiction, part by part. */
export const integrityIndex = (input: IndexInput): { score: number; parts: IndexPart[] } => {
  const w = INDEX_WEIGHTS;
  // The on-time rate is the report's own (`groupRates`); the figures it does not read are zero.
  const { onTimeRate } = groupRates({ ...EMPTY_COUNTS, ...input });
  const due = input.closed + input.overdue;
  const onTime = onTimeRate === null ? w.onTime : w.onTime * onTimeRate;
  const overdue = input.open === 0 ? w.overdue : w.overdue * (1 - input.overdue / input.open);
  const feedback = Math.max(0, w.feedback - w.perReturn * input.returned);
  const breach = -w.perBreach * input.breachRecords;
  const parts: IndexPart[] = [
    {
      key: 'onTime',
      points: oneDecimal(onTime),
      explanation:
        onTimeRate === null
          ? `尚无到期或已销号案件，按期办结计满 ${w.onTime} 分`
          : `按期办结率 ${percent(onTimeRate)}（${input.closedOnTime}/${due}）× ${w.onTime} = ${points(onTime)}`,
    },
    {
      key: 'overdue',
      points: oneDecimal(overdue),
      explanation:
        input.open === 0
          ? `无未办结案件，逾期部分计满 ${w.overdue} 分`
          : `逾期 ${input.overdue} 件/未办结 ${input.open} 件：${w.overdue} × (1 − ${input.overdue}/${input.open}) = ${points(overdue)}`,
    },
    {
      key: 'feedback',
      points: oneDecimal(feedback),
      explanation:
        input.returned === 0
          ? `无退回，反馈质量计满 ${w.feedback} 分`
          : `退回 ${input.returned} 次 −${w.perReturn * input.returned}：${w.feedback} − ${w.perReturn * input.returned} = ${points(feedback)}（最低 0）`,
    },
    {
      key: 'breach',
      points: oneDecimal(breach),
      explanation: input.breachRecords === 0 ? '无有效失信记录' : `失信记录 ${input.breachRecords} 条 −${-breach}`,
    },
  ];
  return { score: oneDecimal(Math.max(0, onTime + overdue + feedback + breach)), parts };
};


/**
 * The ranking: subjects without cases are not ranked. Higher score first; ties (equal to the
 * shown decimal) go to fewer overdue cases, then fewer breach records, then more cases (more
 * work carried at the same score), then the name and id in code-point order, so the order is
 * total and the same on every run. Equal scores share a rank (1, 2, 2, 4).
 */
export const rankIntegrity = (inputs: readonly IndexInput[]): IndexRow[] => {
  const scored = inputs
    .filter((input) => input.cases > 0)
    .map((input) => ({ input, ...integrityIndex(input) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        a.input.overdue - b.input.overdue ||
        a.input.breachRecords - b.input.breachRecords ||
        b.input.cases - a.input.cases ||
        (a.input.name < b.input.name ? -1 : a.input.name > b.input.name ? 1 : 0) ||
        (a.input.id < b.input.id ? -1 : a.input.id > b.input.id ? 1 : 0),
    );
  let rank = 0;
  return scored.map((row, index) => {
    if (index === 0 || row.score !== scored[index - 1]!.score) rank = index + 1;
    return {
      id: row.input.id,
      name: row.input.name,
      rank,
      score: row.score,
      parts: row.parts,
      cases: row.input.cases,
      overdue: row.input.overdue,
      breachRecords: row.input.breachRecords,
    };
  });
};
