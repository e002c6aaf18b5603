import { Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { isRole } from '../../../src/domain/access/roles.ts';
import { isCaseState } from '../../../src/domain/case/states.ts';
import { formatYuan } from '../../../src/domain/money.ts';
import type { CaseEventView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Messages } from '../i18n/messages.ts';
import type { OpenLine } from '../../../src/domain/lines/registry.ts';
import { actionLabel } from './action-forms.ts';
import { webLine } from './lines/index.ts';
import { EventFiles } from './CaseFiles.tsx';

/** The facts of an event worth a line in the timeline, worded in the catalogue `m`; values as recorded. A line words its own events. */
const summary = (event: CaseEventView, m: Messages, line: OpenLine | undefined): string[] => {
  const own = line === undefined ? undefined : webLine(line).timeline(event, m);
  if (own !== undefined) return own;
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
    case 'submit_feedback':
      words('summary', t.feedback);
      break;
    case 'notify_result':
      words('notifiedOn', t.notifiedOn);
      words('summary', t.resultNotice);
      break;
    case 'record_follow_up': {
      const followUp = m.supervision.followUp;
      words('visitedOn', followUp.visitedOn);
      if (typeof payload.way === 'string') lines.push(m.common.labelled(followUp.way, followUp.ways[payload.way as 'phone'] ?? payload.way));
      words('statement', followUp.statement);
      lines.push(payload.confirmed === true ? followUp.yes : followUp.no);
      break;
    }
    case 'merge': {
      const target = payload.mergedInto as { number: string };
      lines.push(m.common.labelled(m.intake.mergedInto, target.number));
      words('reason');
      break;
    }
    case 'add_material':
      words('content');
      break;
    case 'report_progress':
      words('progress');
      if (typeof payload.percent === 'number') lines.push(m.common.labelled(m.intake.fields.percent, String(payload.percent)));
      break;
    default:
      for (const key of ['reason', 'court', 'opinion', 'note', 'progress', 'instruction', 'newDueOn']) words(key);
  }
  return lines;
};

/** The history of a case, newest first; `line` names and words events as that line does (整改完成 on a rectification item). */
/** `showRules`: the rule id of each step, for staff; an enterprise reads the steps in words. */
export const CaseTimeline = ({ events, line, showRules = true }: { events: readonly CaseEventView[]; line?: OpenLine; showRules?: boolean }) => {
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
            {showRules && event.rule && <Tag style={{ marginInlineStart: 8 }}>{event.rule}</Tag>}
            {event.stateBefore !== event.stateAfter && isCaseState(event.stateAfter) && (
              <Typography.Text type="secondary">
                {event.stateBefore && isCaseState(event.stateBefore) ? `${m.state[event.stateBefore]} → ` : ''}
                {m.state[event.stateAfter]}
              </Typography.Text>
            )}
            <div style={{ color: '#666', fontSize: 12 }}>
              {dayjs(event.at).format('YYYY-MM-DD HH:mm')} · {m.common.parenthesized(event.actor.name, isRole(event.actor.role) ? m.role[event.actor.role] : event.actor.role)}
            </div>
            {summary(event, m, line).map((text) => (
              <div key={text} style={{ fontSize: 13 }}>
                {text}
              </div>
            ))}
            <EventFiles event={event} />
          </div>
        ),
      }))}
    />
  );
};
