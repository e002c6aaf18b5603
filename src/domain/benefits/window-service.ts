import { z } from 'zod';
import type { Actor } from '../access/roles.ts';
import { optionalText, text } from '../case/fields.ts';
import { AppError } from '../errors.ts';

/**
 * P2, the one window (政数局's 惠企政策集中咨询办理专窗): besides applying on an enterprise's
 * behalf (代办), the service hall answers its questions (咨询) and coaches it through an
 * application (申报辅导). Each is recorded: who asked, about which policy or clause, what was
 * asked and answered, by whom.
 */
export const WINDOW_SERVICE_KINDS = ['consultation', 'coaching'] as const;
export type WindowServiceKind = (typeof WINDOW_SERVICE_KINDS)[number];
export const WINDOW_SERVICE_KIND_LABEL = { consultation: '政策咨询', coaching: '申报辅导' } satisfies Record<WindowServiceKind, string>;

export const WINDOW_SERVICE_CHANNELS = ['counter', 'phone', 'online'] as const;
export type WindowServiceChannel = (typeof WINDOW_SERVICE_CHANNELS)[number];
export const WINDOW_SERVICE_CHANNEL_LABEL = { counter: '窗口', phone: '电话', online: '网上' } satisfies Record<WindowServiceChannel, string>;

export const windowServiceSchema = z.object({
  kind: z.enum(WINDOW_SERVICE_KINDS, { error: '服务类型应为 consultation（政策咨询）或 coaching（申报辅导）' }),
  channel: z.enum(WINDOW_SERVICE_CHANNELS, { error: '服务方式应为 counter（窗口）、phone（电话）或 online（网上）' }),
  enterpriseUnitId: optionalText('企业', 100).describe('已登记的企业；未登记的只填名称'),
  enterpriseName: optionalText('企业名称', 200).describe('未登记企业的名称'),
  policyId: z.uuid({ error: '政策编号格式不正确' }).optional(),
  clauseId: z.uuid({ error: '条款编号格式不正确' }).optional(),
  question: text('咨询或辅导事项', 2000),
  answer: text('答复或辅导内容', 5000),
});
export type WindowServiceInput = z.infer<typeof windowServiceSchema>;

/** The service hall: 营商办 and the counties' coordinators, who also apply on an enterprise's behalf. */
export const servesAtWindow = (actor: Actor): boolean => actor.role === 'business_office' || actor.role === 'county_coordinator';

/** @throws AppError FORBIDDEN */
export const authorizeWindowService = (actor: Actor): void => {
  if (!servesAtWindow(actor)) throw new AppError('FORBIDDEN', '只有政务服务窗口（市营商办、县市区）可以登记咨询和申报辅导');
};
