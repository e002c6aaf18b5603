import { describe, expect, it } from 'vitest';
import { calendar } from '../../../test/support/domain.ts';
import type { CaseRecord } from '../case/record.ts';
import { deadlineStory, type StoryEvent } from './deadline-story.ts';

const unit = { id: 'acc-unit', role: 'unit_handler', name: '汉东区教育局 张敏' };
const office = { id: 'acc-office', role: 'business_office', name: '市营商办 李华' };
const sweep = { id: 'system:supervision-sweep', role: 'business_office', name: '督办扫描' };

const event = (seq: number, type: string, payload: Record<string, unknown>, actor = unit, at = '2026-10-16T01:30:00.000Z', deadline: string | null = '2026-10-13'): StoryEvent => ({
  seq,
  type,
  payload,
  actor,
  at,
  deadline,
});

type StoryRecord = Pick<CaseRecord, 'state' | 'deadline' | 'extension'>;
const open: StoryRecord = { state: 'registered', deadline: '2026-10-13', extension: null };

describe('the deadline story of a case (S1, S2)', () => {
  it('tells 正常, 临期 and 逾期 with the working days overdue on the official calendar (国庆 and 调休 counted)', () => {
    expect(deadlineStory(open, [], '2026-09-30', calendar)).toMatchObject({ status: 'on_track', overdueWorkingDays: 0 });
    expect(deadlineStory(open, [], '2026-10-09', calendar)).toMatchObject({ status: 'due_soon', overdueWorkingDays: 0 });
    expect(deadlineStory(open, [], '2026-10-16', calendar)).toMatchObject({ status: 'overdue', overdueWorkingDays: 3 });
    // Sat 10-17 and Sun 10-18 are rest days.
    expect(deadlineStory(open, [], '2026-10-18', calendar)).toMatchObject({ status: 'overdue', overdueWorkingDays: 3 });
  });

  it('says the clock is stopped in court, and tells nothing of a case without a deadline (A6)', () => {
    expect(deadlineStory({ state: 'litigating', deadline: null, extension: null }, [], '2026-10-16', calendar)).toMatchObject({ status: 'suspended', overdueWorkingDays: 0 });
    expect(deadlineStory({ state: 'closed', deadline: null, extension: null }, [], '2026-10-16', calendar)).toMatchObject({ status: 'none', deadline: null });
  });

  it('shows the pending request with who asked and when, beside the last decision', () => {
    const events = [
      event(2, 'request_extension', { newDeadline: '2026-10-23', reason: '审计未完成' }),
      event(3, 'approve_extension', { approved: false, opinion: '不予延期', newDeadline: '2026-10-23' }, office, '2026-10-16T03:00:00.000Z'),
      event(4, 'request_extension', { newDeadline: '2026-10-30', reason: '资金月底到位' }, unit, '2026-10-16T06:00:00.000Z'),
    ];
    const pending: StoryRecord = { ...open, extension: { status: 'requested', reason: '资金月底到位', newDeadline: '2026-10-30', opinion: null } };
    const story = deadlineStory(pending, events, '2026-10-16', calendar);
    expect(story.pendingExtension).toEqual({ seq: 4, clock: null, newDeadline: '2026-10-30', reason: '资金月底到位', requestedBy: unit, requestedAt: '2026-10-16T06:00:00.000Z' });
    expect(story.lastExtensionDecision).toEqual({ seq: 3, clock: null, approved: false, opinion: '不予延期', newDeadline: '2026-10-23', decidedBy: office, decidedAt: '2026-10-16T03:00:00.000Z' });
  });

  it('drops a request the case no longer holds (its state changed, its deadline is gone)', () => {
    const events = [event(2, 'request_extension', { newDeadline: '2026-10-23', reason: '审计未完成' })];
    expect(deadlineStory({ ...open, state: 'planning' }, events, '2026-10-16', calendar).pendingExtension).toBeNull();
  });

  it('lists the ladder’s steps in order, with the day raised (Shanghai), the deadline pressed on and who raised it', () => {
    const events = [
      event(2, 'supervise', { level: 'urging', note: '已逾期1个工作日', deadline: '2026-10-13', automatic: true }, sweep, '2026-10-14T00:30:00.000Z'),
      // An older event without deadline/automatic in the payload: the row's deadline stands.
      event(3, 'supervise', { level: 'supervision', note: '请立即清偿' }, office, '2026-10-20T17:00:00.000Z', '2026-10-13'),
      event(4, 'report_progress', { progress: '已申请资金' }),
    ];
    expect(deadlineStory(open, events, '2026-10-21', calendar).supervisionSteps).toEqual([
      { seq: 2, level: 'urging', raisedOn: '2026-10-14', deadline: '2026-10-13', note: '已逾期1个工作日', automatic: true, clock: null, by: sweep },
      { seq: 3, level: 'supervision', raisedOn: '2026-10-21', deadline: '2026-10-13', note: '请立即清偿', automatic: false, clock: null, by: office },
    ]);
  });
});
