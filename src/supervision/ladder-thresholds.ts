import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { authorizeReferenceEdit } from '../domain/access/reference-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { AppError } from '../domain/errors.ts';
import { DEFAULT_LADDER_THRESHOLDS, LADDER_THRESHOLD_BOUNDS, ladderThresholdsProblem, type LadderThresholds } from '../domain/supervision/ladder.ts';
import type { Db } from '../db/connection.ts';
import { supervisionThresholds } from '../db/schema.ts';
import { recordReferenceChange } from '../reference/edit-reference-data.ts';

const days = (field: keyof LadderThresholds, description: string) =>
  z
    .int({ error: '应为整数（工作日）' })
    .min(LADDER_THRESHOLD_BOUNDS[field].min, { error: `不能小于${LADDER_THRESHOLD_BOUNDS[field].min}` })
    .max(LADDER_THRESHOLD_BOUNDS[field].max, { error: `不能大于${LADDER_THRESHOLD_BOUNDS[field].max}` })
    .describe(description);

export const ladderThresholdsSchema = z
  .object({
    reminderDaysAhead: days('reminderDaysAhead', '到期前多少个工作日内发出提醒（0：仅到期当日）'),
    supervisionAfterDays: days('supervisionAfterDays', '逾期超过多少个工作日由市营商办督办'),
    interviewAfterDays: days('interviewAfterDays', '逾期超过多少个工作日予以约谈（应大于督办的工作日数；保障中小企业款项支付条例第二十三条）'),
    noticeAfterDays: days('noticeAfterDays', '逾期超过多少个工作日予以通报（应大于约谈的工作日数）'),
  })
  .meta({ id: 'LadderThresholds' });

/** The tenant's ladder thresholds (S2); the defaults until 营商办 sets them. */
export const loadLadderThresholds = async (db: Db, tenantId: string): Promise<LadderThresholds> => {
  const [row] = await db.select().from(supervisionThresholds).where(eq(supervisionThresholds.tenantId, tenantId));
  return row === undefined
    ? DEFAULT_LADDER_THRESHOLDS
    : {
        reminderDaysAhead: row.reminderDaysAhead,
        supervisionAfterDays: row.supervisionAfterDays,
        interviewAfterDays: row.interviewAfterDays,
        noticeAfterDays: row.noticeAfterDays,
      };
};

/**
 * Sets the ladder's thresholds (S2), logged in `reference_changes` with before and after. The
 * next sweep uses them; steps already raised stay raised.
 * @throws AppError FORBIDDEN, VALIDATION_FAILED
 */
export const setLadderThresholds = async (app: AppContext, actor: Actor, input: LadderThresholds): Promise<LadderThresholds> => {
  authorizeReferenceEdit(actor, 'supervision_threshold');
  const problem = ladderThresholdsProblem(input);
  if (problem !== null) throw new AppError('VALIDATION_FAILED', problem.message, { field: problem.field });
  const values: LadderThresholds = {
    reminderDaysAhead: input.reminderDaysAhead,
    supervisionAfterDays: input.supervisionAfterDays,
    interviewAfterDays: input.interviewAfterDays,
    noticeAfterDays: input.noticeAfterDays,
  };
  return app.db.transaction(async (tx) => {
    const before = await loadLadderThresholds(tx, app.tenantId);
    await tx
      .insert(supervisionThresholds)
      .values({ tenantId: app.tenantId, ...values })
      .onConflictDoUpdate({ target: supervisionThresholds.tenantId, set: values });
    await recordReferenceChange(tx, app, actor, 'supervision_threshold', 'ladder', before, values);
    return values;
  });
};
