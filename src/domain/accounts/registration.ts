/**
 * An enterprise's self-registration (SPEC §5): submitted, then confirmed or rejected by 营商办 or
 * the system administrator. Only a confirmed registration has an account, so a pending or rejected
 * registrant cannot sign in; the registration page tells it where it stands.
 */
import { z } from 'zod';
import { displayNameSchema, phoneSchema, usernameSchema } from './account-fields.ts';

export const REGISTRATION_STATUSES = ['pending', 'confirmed', 'rejected'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const REGISTRATION_STATUS_LABEL = {
  pending: '已提交，待审核',
  confirmed: '已通过，可以登录',
  rejected: '未通过',
} satisfies Record<RegistrationStatus, string>;

/** What the registrant tells, as the public form and the API check it. */
export const registrationInputSchema = z.object({
  creditCode: z.string().trim().min(1, { error: '请填写统一社会信用代码' }).max(40),
  enterpriseName: z.string().trim().min(2, { error: '请填写企业名称' }).max(200, { error: '企业名称不能超过200个字' }),
  jurisdictionId: z.string().trim().min(1, { error: '请选择企业所在县市区' }).max(100),
  contactName: displayNameSchema,
  contactPhone: phoneSchema,
  username: usernameSchema,
  password: z.string().min(1, { error: '请设置密码' }).max(128, { error: '密码不能超过128位' }),
});
export type RegistrationInput = z.infer<typeof registrationInputSchema>;

export const rejectionSchema = z.object({
  reason: z.string().trim().min(2, { error: '请填写不通过的理由' }).max(500, { error: '理由不能超过500个字' }),
});
