import { Space, Steps, Typography } from 'antd';
import type { CreditRecordSummary } from '../../../src/credit/get-credit-record.ts';
import type { CreditStatus } from '../../../src/domain/credit/states.ts';
import { useI18n } from '../i18n/i18n.tsx';

type StepStatus = 'wait' | 'process' | 'finish' | 'error';

/**
 * One record on 发改财金〔2023〕1103号's sequence: the debt confirmed (its case), the order to
 * rectify with its deadline, the outcome (rectified, or refused), the determination. A record
 * determined before the order existed shows the two middle steps as skipped.
 */
export const BreachSteps = ({
  record,
  rectificationOverdue,
  vertical,
}: {
  record: CreditRecordSummary;
  rectificationOverdue: boolean;
  vertical: boolean;
}) => {
  const { m } = useI18n();
  const c = m.credit;
  const s = c.steps;
  const legacy = record.orderedOn === null;
  const deadline = record.rectificationDeadline ?? '';
  const outcome = (): { status: StepStatus; content: string } => {
    if (legacy) return { status: 'wait', content: s.legacy };
    if (record.status === 'ordered') return { status: 'process', content: rectificationOverdue ? s.overdue(deadline) : s.awaiting(deadline) };
    if (record.status === 'rectified') return { status: 'finish', content: s.rectified(record.rectifiedOn ?? '') };
    return { status: 'error', content: s.refused(record.refusalGround ? c.refusalGround[record.refusalGround] : '', record.refusedOn ?? '') };
  };
  const determined = (): { status: StepStatus; content: string } => {
    if (record.status === 'ordered') return { status: 'wait', content: '' };
    if (record.status === 'rectified') return { status: 'wait', content: s.notNeeded };
    if (record.status === 'refused') return { status: 'process', content: s.awaitingDetermination };
    const on = s.determinedOn(record.breachOn ?? '');
    return { status: 'finish', content: record.status === 'recorded' ? on : m.common.parenthesized(on, c.status[record.status]) };
  };
  // The step the record stands at: the outcome while ordered or once rectified, else the determination.
  const current = record.status === 'ordered' || record.status === 'rectified' ? 2 : 3;
  return (
    <Steps
      size="small"
      orientation={vertical ? 'vertical' : 'horizontal'}
      // Under each step, not beside it: four steps with dates and a 文号 share a drawer's width.
      titlePlacement="vertical"
      current={current}
      data-testid="credit-steps"
      items={[
        { title: s.confirmed, status: 'finish', content: s.confirmedBy(record.caseNumber) },
        {
          title: s.ordered,
          status: legacy ? 'wait' : 'finish',
          content: legacy ? s.legacy : m.common.parenthesized(s.orderedOn(record.orderedOn ?? '', deadline), record.orderDocumentNumber ?? ''),
        },
        { title: s.outcome, ...outcome() },
        { title: s.determined, ...determined() },
      ]}
    />
  );
};

/** Where the page's overview puts each status: the step of the sequence it stands at. */
const STEP_OF = {
  ordered: 0,
  rectified: 1,
  refused: 1,
  recorded: 2,
  objected: 2,
  revoked: 3,
  repaired: 3,
} as const satisfies Record<CreditStatus, number>;

const GROUPS: readonly (readonly CreditStatus[])[] = [['ordered'], ['rectified', 'refused'], ['recorded', 'objected'], ['revoked', 'repaired']];

/**
 * The credit page's overview of 1103号's sequence: how many records stand at each step, each
 * count a link that filters the list by that status.
 */
export const BreachStepsOverview = ({
  byStatus,
  selected,
  onSelect,
  vertical,
}: {
  byStatus: Record<CreditStatus, number> | undefined;
  selected: CreditStatus | undefined;
  onSelect: (status: CreditStatus) => void;
  vertical: boolean;
}) => {
  const { m } = useI18n();
  const c = m.credit;
  const titles = [c.steps.ordered, c.steps.outcome, c.steps.determined, c.steps.after];
  return (
    <Steps
      size="small"
      orientation={vertical ? 'vertical' : 'horizontal'}
      current={selected === undefined ? -1 : STEP_OF[selected]}
      data-testid="credit-steps-overview"
      items={GROUPS.map((group, index) => ({
        title: titles[index],
        status: selected !== undefined && STEP_OF[selected] === index ? 'process' : 'wait',
        content: (
          <Space size={8} wrap>
            {group.map((status) => (
              <Typography.Link key={status} strong={status === selected} onClick={() => onSelect(status)} data-testid={`credit-step-${status}`}>
                {c.steps.count(c.status[status], byStatus?.[status] ?? 0)}
              </Typography.Link>
            ))}
          </Space>
        ),
      }))}
    />
  );
};
