import { z } from 'zod';
import { optionalText } from '../../case/fields.ts';
import { rectificationPlanSchema } from '../rectification.ts';

/** G2: an integrity item is classified as a rectification to plan; `note` records how it was characterised. */
export const integrityClassificationSchema = z.object({
  line: z.literal('integrity'),
  note: optionalText('问题定性'),
});

/** G2: `propose_plan` on this line carries the rectification plan. */
export const integrityPlanFields = {
  rectification: rectificationPlanSchema.optional(),
};
