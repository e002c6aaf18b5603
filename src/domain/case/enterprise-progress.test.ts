import { describe, expect, it } from 'vitest';
import type { IntakeRecord } from '../intake/intake.ts';
import { enterpriseProgress } from './enterprise-progress.ts';
import { CASE_STATES, type CaseState } from './states.ts';

const pending = { status: 'pending' } as IntakeRecord;
const accepted = { status: 'accepted' } as IntakeRecord;
const step = (state: CaseState, intake: IntakeRecord | null = accepted, kind: 'retaliation' | null = null) => {
  const progress = enterpriseProgress({ state, line: 'arrears', intake, kind });
  return { label: progress.stages[progress.current]!.label, status: progress.status, next: progress.next, labels: progress.stages.map((stage) => stage.label) };
};

describe('the steps an enterprise follows its case by', () => {
  it('places every state on one of six steps in plain words, and says what comes next', () => {
    expect(step('registered', pending)).toMatchObject({ label: '已提交', status: 'process', next: expect.stringContaining('市营商办正在审核您的诉求') });
    expect(step('registered')).toMatchObject({ label: '已受理', next: expect.stringContaining('责任单位正在核实情况') });
    for (const state of ['negotiating', 'mediating', 'litigating', 'planning', 'awaiting_consent'] as const) expect(step(state).label).toBe('核实处理');
    expect(step('awaiting_consent').next).toContain('请查看付款计划，选择“认可”或“不认可”');
    expect(step('performing')).toMatchObject({ label: '付款', next: expect.stringContaining('按计划付款') });
    expect(step('settled').label).toBe('办结反馈');
    expect(step('feedback_submitted').next).toContain('审核后销号');
    expect(step('closed')).toMatchObject({ label: '已销号', status: 'finish', next: expect.stringContaining('评价') });
    expect(step('registered').labels).toEqual(['已提交', '已受理', '核实处理', '付款', '办结反馈', '已销号']);
    // No state is left without words, and none speaks in rule ids.
    for (const state of CASE_STATES) expect(step(state).next).not.toMatch(/[AGSPI]\d/);
  });

  it('marks a dismissed complaint on its second step as refused', () => {
    expect(step('dismissed')).toMatchObject({ label: '不予受理', status: 'error', next: expect.stringContaining('不予受理') });
  });

  it('marks a withdrawn complaint on its second step as ended by the enterprise, with its reason in its notes', () => {
    expect(step('withdrawn')).toMatchObject({ label: '已撤回', status: 'finish', next: expect.stringContaining('您已撤回这项诉求') });
    const progress = enterpriseProgress({
      state: 'withdrawn',
      line: 'arrears',
      intake: pending,
      kind: null,
      withdrawalReason: '已协商解决',
      closedAt: '2026-03-05T02:00:00.000Z',
      materials: [{ content: '对账单', attachments: [], addedAt: '2026-03-03T02:00:00.000Z' }],
    });
    expect(progress.notes.map((note) => note.text)).toEqual(['2026-03-03 您补充了材料，已转给办理单位。', '2026-03-05 您撤回了这项诉求，理由：已协商解决']);
  });

  it('offers a dissatisfied enterprise to ask again, and says 营商办 reviews its request until new feedback comes', () => {
    const rating = { score: 2, comment: null, ratedAt: '2026-03-02T02:00:00.000Z' };
    expect(enterpriseProgress({ state: 'closed', line: 'arrears', intake: accepted, kind: null, rating }).next).toContain('15日内申请重新办理');
    expect(enterpriseProgress({ state: 'closed', line: 'arrears', intake: accepted, kind: null, rating: { ...rating, score: 3 } }).next).not.toContain('重新办理');
    const reopenRequests = [{ reason: '未到账', rating, requestedAt: '2026-03-04T02:00:00.000Z' }];
    const feedback = { submittedAt: '2026-03-01T02:00:00.000Z' };
    const asked = enterpriseProgress({ state: 'feedback_submitted', line: 'arrears', intake: accepted, kind: null, rating: null, feedback, reopenRequests });
    expect(asked.next).toContain('您已申请重新办理');
    expect(asked.notes.map((note) => note.text)).toEqual(['2026-03-04 您对办理结果不满意，申请重新办理，理由：未到账']);
    const answered = enterpriseProgress({ state: 'feedback_submitted', line: 'arrears', intake: accepted, kind: null, feedback: { submittedAt: '2026-03-06T02:00:00.000Z' }, reopenRequests });
    expect(answered.next).toContain('审核后销号');
  });

  it('names the fourth step by what the line delivers', () => {
    const labels = (line: 'policy' | 'investment') => enterpriseProgress({ state: 'performing', line, intake: accepted, kind: null }).stages[3]!.label;
    expect(labels('policy')).toBe('兑现');
    expect(labels('investment')).toBe('兑现承诺');
  });

  it('gives a complaint of retaliation no payment step: it is investigated and answered in writing', () => {
    expect(step('registered', accepted, 'retaliation')).toMatchObject({
      labels: ['已提交', '已受理', '核实处理', '办结反馈', '已销号'],
      label: '已受理',
      next: expect.stringContaining('30日内书面告知您处理结果'),
    });
    expect(step('settled', accepted, 'retaliation').label).toBe('办结反馈');
  });
});
