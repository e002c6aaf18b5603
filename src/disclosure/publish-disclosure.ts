import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { optionalText } from '../domain/case/fields.ts';
import { hasYearEnded } from '../domain/disclosure/annual-disclosure.ts';
import { authorizeDisclosurePublication } from '../domain/disclosure/disclosure-policy.ts';
import { AppError } from '../domain/errors.ts';
import { annualDisclosures, type AnnualDisclosureRow } from '../db/schema.ts';

/** What the unit says when it publishes: its explanation (optional), and the draft it read. */
export const publishDisclosureSchema = z
  .object({
    note: optionalText('情况说明', 500).nullable().describe('本单位的情况说明（可选，随公开数据一并公开，不超过500字）'),
    generatedAt: z.iso
      .datetime({ offset: true, error: '草稿生成时间格式不正确' })
      .optional()
      .describe('发布人所见草稿的生成时间；草稿在此后被重新生成时拒绝发布，以免发布未经核对的数据'),
  })
  .meta({ id: 'PublishDisclosure' });
export type PublishDisclosureInput = z.infer<typeof publishDisclosureSchema>;

/**
 * 保障中小企业款项支付条例 第十八条: the unit (or 营商办 on its behalf) publishes its figures of a
 * year that is over, as generated, with its note; once. The row then never changes (the trigger
 * of migration 0036).
 * @throws AppError FORBIDDEN for another unit's row; DISCLOSURE_YEAR_NOT_ENDED before 1 January
 *   of the next year; DISCLOSURE_NOT_FOUND when the unit has no row for the year;
 *   DISCLOSURE_ALREADY_PUBLISHED; DISCLOSURE_CHANGED when the draft was generated again after
 *   the publisher read it
 */
export const publishDisclosure = async (app: AppContext, actor: Actor, year: number, unitId: string, input: PublishDisclosureInput): Promise<AnnualDisclosureRow> => {
  authorizeDisclosurePublication(actor, { id: unitId });
  const now = app.clock();
  if (!hasYearEnded(year, todayInShanghai(now))) {
    throw new AppError('DISCLOSURE_YEAR_NOT_ENDED', `${year}年度尚未结束，不能公开其年末逾期未支付情况`, { field: 'year', year });
  }
  return app.db.transaction(async (tx) => {
    const key = and(eq(annualDisclosures.tenantId, app.tenantId), eq(annualDisclosures.year, year), eq(annualDisclosures.unitId, unitId));
    const [row] = await tx.select().from(annualDisclosures).where(key).for('update');
    if (row === undefined) throw new AppError('DISCLOSURE_NOT_FOUND', `该单位没有${year}年度的公开数据（市营商办尚未生成，或该单位不属于机关、事业单位）`);
    if (row.status === 'published') {
      throw new AppError('DISCLOSURE_ALREADY_PUBLISHED', `该单位${year}年度的数据已于${todayInShanghai(row.publishedAt!)}公开，不能再次发布或修改`);
    }
    if (input.generatedAt !== undefined && new Date(input.generatedAt).getTime() !== row.generatedAt.getTime()) {
      throw new AppError('DISCLOSURE_CHANGED', '市营商办已重新生成数据，请刷新后核对新的数据再发布', { generatedAt: row.generatedAt.toISOString() });
    }
    const [published] = await tx
      .update(annualDisclosures)
      .set({ status: 'published', publishedAt: now, publishedBy: actor.id, publishedByName: actor.name, note: input.note || null })
      .where(and(key, eq(annualDisclosures.status, 'draft')))
      .returning();
    return published!;
  });
};
