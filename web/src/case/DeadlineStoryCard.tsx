import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Grid, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ComplaintClockStatus } from '../../../src/domain/supervision/complaint-clocks.ts';
import type { DeadlineStoryStatus } from '../../../src/domain/supervision/deadline-story.ts';
import type { SupervisionLevel } from '../../../src/domain/case/record.ts';
import type { CaseView } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

type Story = CaseView['deadlineStory'];
type Step = Story['supervisionSteps'][number];

const STATUS_COLOR = { none: 'default', on_track: 'green', due_soon: 'orange', overdue: 'red', suspended: 'purple' } satisfies Record<DeadlineStoryStatus, string>;
const LEVEL_COLOR = { reminder: 'blue', urging: 'orange', supervision: 'red', interview: 'volcano', notice: 'magenta' } satisfies Record<SupervisionLevel, string>;
const CLOCK_COLOR = {
  waiting: 'default',
  on_track: 'green',
  due_soon: 'orange',
  overdue: 'red',
  met: 'green',
  late: 'volcano',
  ended: 'default',
} satisfies Record<ComplaintClockStatus, string>;

type Clocks = NonNullable<Story['complaintClocks']>;
type Clock = Clocks['transfer'] | Clocks['result'];

const instant = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** The deadline in force with its status: 正常 / 临期 / 逾期 n 个工作日, or 诉讼中计时中止. */
const DeadlineLine = ({ story }: { story: Story }) => {
  const { m } = useI18n();
  const t = m.supervision.story;
  const label =
    story.status === 'overdue' ? t.overdue(story.overdueWorkingDays) : story.status === 'suspended' ? t.suspended : story.status === 'none' ? null : m.deadline[story.status];
  return (
    <Space wrap data-testid="story-deadline" data-status={story.status}>
      {story.deadline === null ? <Typography.Text type="secondary">{story.status === 'suspended' ? '' : t.noDeadline}</Typography.Text> : <span className="money">{story.deadline}</span>}
      {label && <Tag color={STATUS_COLOR[story.status]}>{label}</Tag>}
    </Space>
  );
};

/** One complaint clock: its due day, its status (逾期 n 个工作日), and the day its event happened. */
const ClockLine = ({ clock, title }: { clock: Clock; title: string }) => {
  const { m } = useI18n();
  const t = m.supervision.story.complaint;
  const label =
    clock.status === 'overdue' ? t.overdue(clock.overdueWorkingDays) : clock.status === 'late' ? t.lateBy(clock.overdueWorkingDays) : t.status[clock.status];
  const result = clock.kind === 'complaint_result' ? (clock as Clocks['result']) : null;
  return (
    <div data-testid={`complaint-clock-${clock.kind}`} data-status={clock.status}>
      <Typography.Text strong>{m.common.label(title)}</Typography.Text>
      <Space wrap size={6}>
        {clock.dueOn === null ? (
          <Typography.Text type="secondary">{t.notStarted}</Typography.Text>
        ) : (
          <span>
            {m.common.label(t.due)}
            <span className="money">{clock.dueOn}</span>
          </span>
        )}
        <Tag color={CLOCK_COLOR[clock.status]}>{label}</Tag>
        {clock.doneOn !== null && (
          <span>
            {m.common.label(t.done)}
            <span className="money">{clock.doneOn}</span>
          </span>
        )}
      </Space>
      {result !== null && result.extendedTo !== null && result.baseDueOn !== null && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t.extended(result.baseDueOn)}
          </Typography.Text>
        </div>
      )}
      {result !== null && result.maxDueOn !== null && clock.doneOn === null && (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t.maxDue(result.maxDueOn)}
          </Typography.Text>
        </div>
      )}
    </div>
  );
};

/** 保障中小企业款项支付条例 第二十五条: a complaint's transfer and written-result clocks, beside the work map's deadline. */
const ComplaintClocksSection = ({ clocks }: { clocks: Clocks }) => {
  const { m } = useI18n();
  const t = m.supervision.story.complaint;
  return (
    <div data-testid="complaint-clocks">
      <Typography.Text strong>{t.title}</Typography.Text>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {m.common.labelled(t.received, clocks.receivedOn)}
        </Typography.Text>
      </div>
      <Space orientation="vertical" size={4} style={{ width: '100%', marginTop: 4 }}>
        <ClockLine clock={clocks.transfer} title={t.transfer} />
        <ClockLine clock={clocks.result} title={t.result} />
      </Space>
    </div>
  );
};

/** A supervision step's 督办单, downloaded as the document it was issued as. */
const OrderLink = ({ order }: { order: NonNullable<Step['order']> }) => {
  const { m } = useI18n();
  return (
    <a href={order.url} download data-testid="story-order-link" title={m.supervision.story.download} style={{ whiteSpace: 'nowrap' }}>
      <DownloadOutlined /> {order.number}
    </a>
  );
};

/**
 * S1, S2 on the case page: the current deadline and its status, the extension request waiting
 * for 营商办 and the last decision, and every step of the supervision ladder with its 督办单.
 */
export const DeadlineStoryCard = ({ story }: { story: Story }) => {
  const { m } = useI18n();
  const t = m.supervision.story;
  const { pendingExtension: pending, lastExtensionDecision: decision } = story;
  // A phone holds the date and the level: a step's 督办单 shows when the step is opened.
  const wide = Grid.useBreakpoint().sm ?? true;
  // A case with no clock and no supervision history (a closed or dismissed one) has nothing to tell.
  if (story.status === 'none' && pending === null && decision === null && story.supervisionSteps.length === 0 && story.complaintClocks === null) return null;
  return (
    <Card size="small" title={t.title} data-testid="deadline-story">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <div>
          <Typography.Text strong>{m.common.label(t.deadline)}</Typography.Text>
          <DeadlineLine story={story} />
        </div>
        {story.complaintClocks && <ComplaintClocksSection clocks={story.complaintClocks} />}
        {pending && (
          <Alert
            type="warning"
            showIcon
            data-testid="story-pending-extension"
            title={pending.clock === 'complaint_result' ? m.common.labelled(t.pending, m.supervision.extensions.resultClock) : t.pending}
            description={
              <Space orientation="vertical" size={2}>
                <span>
                  {m.common.label(t.requestedDeadline)}
                  <span className="money">{pending.newDeadline}</span>
                </span>
                <span>{m.common.labelled(t.reason, pending.reason)}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t.requestedBy(pending.requestedBy.name, instant(pending.requestedAt))}
                </Typography.Text>
              </Space>
            }
          />
        )}
        {decision && (
          <div data-testid="story-extension-decision">
            <Typography.Text strong>{m.common.label(t.lastDecision)}</Typography.Text>
            <Space wrap>
              <Tag color={decision.approved ? 'green' : 'red'} data-approved={decision.approved}>
                {decision.approved ? t.approved : t.rejected}
              </Tag>
              <span>
                {m.common.label(t.requestedDeadline)}
                <span className="money">{decision.newDeadline}</span>
              </span>
            </Space>
            <Typography.Paragraph style={{ margin: '4px 0 0' }}>{m.common.labelled(t.opinion, decision.opinion)}</Typography.Paragraph>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.decidedBy(decision.decidedBy.name, instant(decision.decidedAt))}
            </Typography.Text>
          </div>
        )}
        <div>
          <Typography.Text strong>{t.steps}</Typography.Text>
          {story.supervisionSteps.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.noSteps} style={{ margin: '8px 0' }} />
          ) : (
            <Table<Step>
              size="small"
              rowKey="seq"
              pagination={false}
              dataSource={story.supervisionSteps}
              data-testid="story-steps"
              columns={[
                { title: t.raisedOn, dataIndex: 'raisedOn', width: 104, render: (day: string) => <span className="money">{day}</span> },
                {
                  title: t.level,
                  dataIndex: 'level',
                  width: 120,
                  render: (level: SupervisionLevel, step) => (
                    <Space size={4} wrap>
                      <Tag color={LEVEL_COLOR[level]} style={{ marginInlineEnd: 0 }} data-level={level}>
                        {m.supervisionLevel[level]}
                      </Tag>
                      {step.automatic && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t.automatic}</Typography.Text>}
                      {step.clock && (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-clock={step.clock}>
                          {t.forClock(m.actions.options.clock[step.clock])}
                        </Typography.Text>
                      )}
                    </Space>
                  ),
                },
                ...(wide ? [{ title: t.orderNumber, dataIndex: 'order', render: (order: Step['order']) => (order === null ? '—' : <OrderLink order={order} />) }] : []),
              ]}
              expandable={{
                expandedRowRender: (step) => (
                  <Space orientation="vertical" size={2}>
                    <span>
                      {m.common.label(t.forDeadline)}
                      <span className="money">{step.deadline ?? '—'}</span>
                    </span>
                    {!wide && step.order !== null && <OrderLink order={step.order} />}
                    {step.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{step.note}</Typography.Text>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {step.by.name}
                    </Typography.Text>
                  </Space>
                ),
              }}
            />
          )}
        </div>
      </Space>
    </Card>
  );
};
