import { Tag, Tooltip } from 'antd';
import type { CaseState } from '../../../src/domain/case/states.ts';
import { formatWanYuan, formatYuan } from '../../../src/domain/money.ts';
import type { DeadlineStatus } from '../../../src/domain/supervision/time-limits.ts';
import { useI18n } from '../i18n/i18n.tsx';

const STATE_COLOR = {
  registered: 'default',
  negotiating: 'orange',
  mediating: 'volcano',
  litigating: 'magenta',
  planning: 'gold',
  awaiting_consent: 'purple',
  performing: 'blue',
  changing: 'cyan',
  settled: 'green',
  feedback_submitted: 'lime',
  closed: 'success',
  dismissed: 'default',
  withdrawn: 'default',
} satisfies Record<CaseState, string>;

export const StateTag = ({ state }: { state: CaseState }) => {
  const { m } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {m.state[state]}
    </Tag>
  );
};

const DEADLINE_COLOR = { none: 'default', on_track: 'green', due_soon: 'orange', overdue: 'red' } satisfies Record<DeadlineStatus, string>;

/** The deadline with its status (S1): red when overdue, orange within a week. */
export const DeadlineBadge = ({ deadline, status }: { deadline: string | null; status: DeadlineStatus }) => {
  const { m } = useI18n();
  if (deadline === null) return <span style={{ color: '#999' }}>—</span>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <span className="money">{deadline}</span>{' '}
      {status !== 'on_track' && (
        <Tag color={DEADLINE_COLOR[status]} style={{ marginInlineEnd: 0 }} data-deadline={status}>
          {m.deadline[status]}
        </Tag>
      )}
    </span>
  );
};

/** An amount in 万元 with the exact 元 on hover; tabular figures. */
export const Money = ({ fen, exact = false }: { fen: number | null | undefined; exact?: boolean }) => {
  if (fen === null || fen === undefined) return <span style={{ color: '#999' }}>—</span>;
  if (exact) return <span className="money">{formatYuan(fen)}</span>;
  return (
    <Tooltip title={formatYuan(fen)}>
      <span className="money">{formatWanYuan(fen)}</span>
    </Tooltip>
  );
};

export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
