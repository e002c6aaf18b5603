import { z } from 'zod';
import { localDate, optionalText, text } from '../../case/fields.ts';

/** G2: an integrity item is classified as a rectification to plan; `note` records how it was characterised. */
export const integrityClassificationSchema = z.object({
  line: z.literal('integrity'),
  note: optionalText('问题定性'),
});

/** G2: the rectification plan: measures, time limit, responsible person. */
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

/** G2: `propose_plan` on this line carries the rectification plan. */
export const integrityPlanFields = {
  rectification: rectificationPlanSchema.optional(),
};
