import { Progress, Space, Tag, Typography } from 'antd';
import { formatMu } from '../../../src/domain/investment/area.ts';
import type { PromiseStatus } from '../../../src/domain/investment/promise-status.ts';
import type { PromiseView } from '../../../src/investment/promise-views.ts';
import { formatWanYuan } from '../../../src/domain/money.ts';
import { useI18n } from '../i18n/i18n.tsx';

const STATUS_COLOR = { overdue: 'error', partly_kept: 'gold', due: 'blue', kept: 'success' } satisfies Record<PromiseStatus, string>;

/** 待兑现, 部分兑现, 逾期未兑现 (with the days), 已兑现. */
export const PromiseStatusTag = ({ status, daysOverdue = null }: { status: PromiseStatus; daysOverdue?: number | null }) => {
  const { m } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
      {m.investmentRegister.status[status]}
      {daysOverdue !== null && status === 'overdue' ? ` · ${m.investmentRegister.promise.overdueDays(daysOverdue)}` : ''}
    </Tag>
  );
};

/** The legality review in force: 合法合规, 有瑕疵, or 未审查. */
export const LegalityTag = ({ legality }: { legality: PromiseView['legality'] }) => {
  const { m } = useI18n();
  if (legality === null) return <Tag style={{ marginInlineEnd: 0 }}>{m.investmentRegister.legality.unreviewed}</Tag>;
  return (
    <Tag color={legality.legality === 'flawed' ? 'volcano' : 'green'} data-legality={legality.legality} style={{ marginInlineEnd: 0 }}>
      {m.investmentRegister.legality[legality.legality]}
    </Tag>
  );
};

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.min(100, Math.floor((part * 100) / whole)));

/** What was promised and how much of it is delivered: money in 万元, land in 亩; a bar for each. */
export const Delivery = ({ promise }: { promise: Pick<PromiseView, 'amount' | 'area' | 'delivered' | 'status'> }) => {
  const { m } = useI18n();
  const p = m.investmentRegister.promise;
  const rows: { key: string; delivered: string; promised: string; percent: number }[] = [];
  if (promise.amount !== null) rows.push({ key: 'amount', delivered: formatWanYuan(promise.delivered.amount), promised: formatWanYuan(promise.amount), percent: percent(promise.delivered.amount, promise.amount) });
  if (promise.area !== null) rows.push({ key: 'area', delivered: formatMu(promise.delivered.area), promised: formatMu(promise.area), percent: percent(promise.delivered.area, promise.area) });
  if (rows.length === 0) {
    return <Typography.Text type="secondary">{`${p.notQuantified}${promise.delivered.records > 0 ? ` · ${p.fulfilments(promise.delivered.records)}` : ''}`}</Typography.Text>;
  }
  return (
    <Space orientation="vertical" size={0} style={{ width: '100%', minWidth: 140 }}>
      {rows.map((row) => (
        <div key={row.key}>
          <span className="money">{`${row.delivered} / ${row.promised}`}</span>
          <Progress percent={row.percent} size="small" showInfo={false} status={promise.status === 'overdue' ? 'exception' : promise.status === 'kept' ? 'success' : 'active'} />
        </div>
      ))}
    </Space>
  );
};
