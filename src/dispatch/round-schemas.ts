/** The inputs of the dispatch use cases: the HTTP bodies and the OpenAPI document use these. */
import { z } from 'zod';
import { compareLocalDates, isLocalDate } from '../domain/calendar.ts';

const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .max(max, { error: `${label}不能超过${max}字` });

const localDate = (label: string) =>
  z.string({ error: `请填写${label}` }).refine(isLocalDate, { error: `${label}应为有效日期（YYYY-MM-DD）` });

export const openRoundSchema = z
  .object({
    title: text('调度名称', 100).describe('调度名称，如“2026年第47周调度”'),
    periodStart: localDate('调度期起始日').describe('调度期起始日'),
    periodEnd: localDate('调度期截止日').describe('调度期截止日'),
    dueOn: localDate('报送截止日').describe('各单位报送截止日'),
  })
  .refine((input) => compareLocalDates(input.periodStart, input.periodEnd) <= 0, {
    error: '调度期截止日不能早于起始日',
    path: ['periodEnd'],
  })
  .refine((input) => compareLocalDates(input.periodStart, input.dueOn) <= 0, {
    error: '报送截止日不能早于调度期起始日',
    path: ['dueOn'],
  });
export type OpenRoundInput = z.infer<typeof openRoundSchema>;

export const reportProgressSchema = z.object({
  caseId: z.uuid({ error: '案件编号格式不正确' }).describe('本轮快照中的案件'),
  progress: text('进展情况', 2000).describe('本案件本期进展，写入案件的“报送进展”事件'),
});
export type ReportProgressInput = z.infer<typeof reportProgressSchema>;

export const submitUnitReportSchema = z.object({
  unitId: text('单位', 100).describe('报送单位（责任单位）'),
  summary: text('本单位报告', 5000).describe('本单位本期调度报告（汇总）'),
});
export type SubmitUnitReportInput = z.infer<typeof submitUnitReportSchema>;
