import { z } from 'zod';
import { compareLocalDates, yearOf, type LocalDate } from '../calendar.ts';
import { localDate, text } from '../case/fields.ts';
import type { DecideContext } from '../case/decision.ts';
import { AppError } from '../errors.ts';
import type { PersonalText } from '../personal-data.ts';

/**
 * G2: a rectification plan (整改方案) — measures, time limit, responsible person — as every line
 * that puts a unit's own failing right takes it: the integrity line's items, and the policy
 * line's 知晓难 and 手续繁 problems (P1, P2).
 */
export const rectificationPlanSchema = z.object({
  measures: z
    .array(text('整改措施', 500))
    .min(1, { error: '整改方案至少包含一项措施' })
    .max(30, { error: '整改措施最多30项' }),
  timeLimit: localDate('整改时限'),
  responsiblePerson: z.object({
    name: text('责任人姓名', 50),
    post: text('责任人职务', 100),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,20}$/, { error: '联系电话格式不正确' })
      .optional(),
  }),
});

/** G2: the person answerable for a rectification. */
export interface ResponsiblePerson {
  readonly name: string;
  readonly post: string;
  /** Personal data: decided in clear, sealed by the store when the event is kept, masked in every view. */
  readonly phone: PersonalText | null;
}

/** G2: a rectification plan as recorded. */
export interface RectificationPlan {
  readonly measures: readonly string[];
  readonly timeLimit: LocalDate;
  readonly responsiblePerson: ResponsiblePerson;
  /** A2 by analogy: the time limit falls in a later year than the plan was made ("原则上不得跨年"). */
  readonly crossesYear: boolean;
}

/**
 * `value` — a case record of a line that takes a plan, or a `propose_plan` payload, both of
 * which carry it at their top level — with the plan's responsible person rewritten; anything
 * without a plan comes back as it is, so callers need not know which events and lines carry one.
 */
export const rewriteResponsiblePerson = <T extends object>(value: T, rewrite: (person: ResponsiblePerson) => object): T => {
  const plan = (value as { readonly rectification?: RectificationPlan | null }).rectification;
  if (plan === null || plan === undefined) return value;
  return { ...value, rectification: { ...plan, responsiblePerson: rewrite(plan.responsiblePerson) } };
};

/**
 * G2: the plan a `propose_plan` command carries, as recorded: it takes effect at once (no
 * enterprise consents to a unit's own rectification) and its time limit becomes the deadline.
 * A time limit in a later year is allowed but flagged, as A2's "原则上不得跨年".
 * @throws AppError VALIDATION_FAILED without a plan, PLAN_DATES_INVALID for a time limit already past
 */
export const recordedRectification = (
  plan: z.infer<typeof rectificationPlanSchema> | undefined,
  context: DecideContext,
): RectificationPlan => {
  if (plan === undefined) throw new AppError('VALIDATION_FAILED', '请填写整改方案（措施、时限、责任人）', { field: 'rectification' });
  if (compareLocalDates(plan.timeLimit, context.today) < 0) {
    throw new AppError('PLAN_DATES_INVALID', `整改时限不能早于今天（${context.today}）`, { field: 'rectification.timeLimit' });
  }
  return {
    measures: plan.measures,
    timeLimit: plan.timeLimit,
    responsiblePerson: { name: plan.responsiblePerson.name, post: plan.responsiblePerson.post, phone: plan.responsiblePerson.phone || null },
    crossesYear: yearOf(plan.timeLimit) > yearOf(context.today),
  };
};
