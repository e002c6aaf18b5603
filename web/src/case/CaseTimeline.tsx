import { Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { ROLE_LABEL, isRole } from '../../../src/domain/access/roles.ts';
import { isCaseState } from '../../../src/domain/case/states.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import type { CaseEventView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** The facts of an event worth a line in the timeline, in Chinese. */
const summary = (event: CaseEventView): string[] => {
  const payload = event.payload as Record<string, unknown>;
  const lines: string[] = [];
  const money = (key: string, label: string) => typeof payload[key] === 'number' && lines.push(`${label}：${formatYuan(payload[key] as number)}`);
  const words = (key: string, label: string) => typeof payload[key] === 'string' && payload[key] !== '' && lines.push(`${label}：${payload[key] as string}`);
  switch (event.type) {
    case 'register':
      money('claimedAmount', '企业主张金额');
      words('instruction', '交办意见');
      break;
    case 'classify':
      lines.push(payload.disputed ? '款项有争议' : '款项无争议');
      money('confirmedAmount', '确认金额');
      words('paymentDifficulty', '支付困难');
      break;
    case 'propose_plan': {
      const plan = payload.plan as { installments: { dueOn: string; amount: number }[] };
      lines.push(plan.installments.map((item, index) => `第${index + 1}期 ${item.dueOn} ${formatYuan(item.amount)}`).join('；'));
      words('note', '说明');
      break;
    }
    case 'consent':
    case 'object':
      lines.push(payload.by === 'enterprise' ? '企业本人操作' : '代企业登记');
      words('reason', '理由');
      words('document', '签章文件');
      words('note', '意见');
      break;
    case 'agree':
      money('amount', '确定金额');
      words('document', '协议/调解方案');
      break;
    case 'judge':
      money('amount', '判决金额');
      words('judgmentNo', '判决书');
      break;
    case 'record_payment':
      money('amount', '付款金额');
      words('paidOn', '付款日期');
      words('voucher', '凭证号');
      break;
    case 'submit_feedback':
      words('summary', '反馈内容');
      break;
    default:
      for (const key of ['reason', 'court', 'opinion', 'note', 'progress', 'instruction', 'newDueOn']) words(key, '');
  }
  return lines.map((line) => line.replace(/^：/, ''));
};

export const CaseTimeline = ({ events }: { events: readonly CaseEventView[] }) => {
  const { m } = useI18n();
  return (
    <Timeline
      data-testid="case-timeline"
      items={[...events].reverse().map((event) => ({
        key: event.seq,
        color: event.type === 'close' ? 'green' : event.type === 'return' || event.type === 'object' ? 'red' : 'blue',
        content: (
          <div>
            <Typography.Text strong>{event.label}</Typography.Text>
            {event.rule && <Tag style={{ marginInlineStart: 8 }}>{event.rule}</Tag>}
            {event.stateBefore !== event.stateAfter && isCaseState(event.stateAfter) && (
              <Typography.Text type="secondary">
                {event.stateBefore && isCaseState(event.stateBefore) ? `${m.state[event.stateBefore]} → ` : ''}
                {m.state[event.stateAfter]}
              </Typography.Text>
            )}
            <div style={{ color: '#666', fontSize: 12 }}>
              {dayjs(event.at).format('YYYY-MM-DD HH:mm')} · {event.actor.name}（{isRole(event.actor.role) ? ROLE_LABEL[event.actor.role] : event.actor.role}）
            </div>
            {summary(event).map((line) => (
              <div key={line} style={{ fontSize: 13 }}>
                {line}
              </div>
            ))}
          </div>
        ),
      }))}
    />
  );
};
