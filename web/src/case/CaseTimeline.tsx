import { Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { isRole } from '../../../src/domain/access/roles.ts';
import { isCaseState } from '../../../src/domain/case/states.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import type { CaseEventView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import type { Line } from '../../../src/domain/lines.ts';
import { actionLabel } from './action-specs.ts';

/** The facts of an event worth a line in the timeline, worded in the catalogue `m`; values as recorded. */
const summary = (event: CaseEventView, m: Messages): string[] => {
  const payload = event.payload as Record<string, unknown>;
  const t = m.timeline;
  const lines: string[] = [];
  const money = (key: string, label: string) => typeof payload[key] === 'number' && lines.push(m.common.labelled(label, formatYuan(payload[key] as number)));
  /** A text of the payload, after its label; alone when the event's name says enough. */
  const words = (key: string, label?: string) => {
    const value = payload[key];
    if (typeof value === 'string' && value !== '') lines.push(label === undefined ? value : m.common.labelled(label, value));
  };
  switch (event.type) {
    case 'register':
      money('claimedAmount', t.claimedAmount);
      words('instruction', m.actions.fields.instruction);
      break;
    case 'classify':
      if (payload.line === 'integrity') {
        words('note', m.intake.fields.classifyNote);
        break;
      }
      lines.push(payload.disputed ? t.disputed : t.undisputed);
      money('confirmedAmount', t.confirmedAmount);
      words('paymentDifficulty', t.paymentDifficulty);
      break;
    case 'propose_plan': {
      const rectification = payload.rectification as { measures: string[]; timeLimit: string; responsiblePerson: { name: string; post: string } } | undefined;
      if (rectification) {
        lines.push(m.common.labelled(m.intake.measures, rectification.measures.join(m.common.listSeparator)));
        lines.push(m.common.labelled(m.intake.timeLimit, rectification.timeLimit));
        lines.push(m.common.labelled(m.intake.responsiblePerson, m.common.parenthesized(rectification.responsiblePerson.name, rectification.responsiblePerson.post)));
        break;
      }
      const plan = payload.plan as { installments: { dueOn: string; amount: number }[] };
      lines.push(plan.installments.map((item, index) => `${m.actions.installment(index + 1)} ${item.dueOn} ${formatYuan(item.amount)}`).join(m.common.listSeparator));
      words('note', m.actions.fields.note);
      break;
    }
    case 'consent':
    case 'object':
      lines.push(payload.by === 'enterprise' ? t.byEnterprise : t.onBehalf);
      words('reason', t.reason);
      words('document', t.document);
      words('note', m.actions.fields.opinion);
      break;
    case 'agree':
      money('amount', t.agreedAmount);
      words('document', t.agreement);
      break;
    case 'judge':
      money('amount', t.judgedAmount);
      words('judgmentNo', t.judgment);
      break;
    case 'record_payment':
      money('amount', t.paymentAmount);
      words('paidOn', m.actions.fields.paidOn);
      words('voucher', t.voucher);
      break;
    case 'submit_feedback':
      words('summary', t.feedback);
      break;
    case 'merge': {
      const target = payload.mergedInto as { number: string };
      lines.push(m.common.labelled(m.intake.mergedInto, target.number));
      words('reason');
      break;
    }
    case 'report_progress':
      words('progress');
      if (typeof payload.percent === 'number') lines.push(m.common.labelled(m.intake.fields.percent, String(payload.percent)));
      break;
    default:
      for (const key of ['reason', 'court', 'opinion', 'note', 'progress', 'instruction', 'newDueOn']) words(key);
  }
  return lines;
};

/** The history of a case, newest first; `line` names actions as that line calls them (整改完成 on integrity). */
export const CaseTimeline = ({ events, line }: { events: readonly CaseEventView[]; line?: Line }) => {
  const { m } = useI18n();
  return (
    <Timeline
      data-testid="case-timeline"
      items={[...events].reverse().map((event) => ({
        key: event.seq,
        color: event.type === 'close' ? 'green' : event.type === 'return' || event.type === 'object' ? 'red' : 'blue',
        content: (
          <div>
            <Typography.Text strong>{event.type === 'register' ? m.register.submit : line ? actionLabel(m, event.type, line) : m.action[event.type]}</Typography.Text>
            {event.rule && <Tag style={{ marginInlineStart: 8 }}>{event.rule}</Tag>}
            {event.stateBefore !== event.stateAfter && isCaseState(event.stateAfter) && (
              <Typography.Text type="secondary">
                {event.stateBefore && isCaseState(event.stateBefore) ? `${m.state[event.stateBefore]} → ` : ''}
                {m.state[event.stateAfter]}
              </Typography.Text>
            )}
            <div style={{ color: '#666', fontSize: 12 }}>
              {dayjs(event.at).format('YYYY-MM-DD HH:mm')} · {m.common.parenthesized(event.actor.name, isRole(event.actor.role) ? m.role[event.actor.role] : event.actor.role)}
            </div>
            {summary(event, m).map((line) => (
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
