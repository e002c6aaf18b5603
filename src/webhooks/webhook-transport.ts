import { AppError } from '../domain/errors.ts';

/**
 * Why a webhook goes to `https://` only (issue 11): a delivery carries case data — the case's
 * number, state, deadline and event — that 个人信息保护法 第51条 and 等保 三级 (数据保密性,
 * 传输) require to be protected in transit.
 */
const HTTPS_REASON = '推送内容包含案件信息，依《个人信息保护法》和等保三级传输保密性要求须加密传输';

/**
 * Whether webhooks may be sent to `url`: outside demo mode over TLS only; a demo server
 * (`serve --demo`) also allows `http://`, for trying a receiver on one's own machine.
 */
export const isWebhookUrlAllowed = (url: string, demoMode: boolean): boolean => demoMode || new URL(url).protocol === 'https:';

/** @throws AppError WEBHOOK_HTTPS_REQUIRED for an `http://` URL outside demo mode */
export const requireAllowedWebhookUrl = (url: string, demoMode: boolean): void => {
  if (!isWebhookUrlAllowed(url, demoMode)) {
    throw new AppError('WEBHOOK_HTTPS_REQUIRED', `${HTTPS_REASON}，推送地址须以 https:// 开头（仅演示模式可用 http://）`, { field: 'url' });
  }
};

/** The delivery log's reason for a delivery not sent to an `http://` subscription outside demo mode. */
export const INSECURE_WEBHOOK_REFUSAL = `未推送：${HTTPS_REASON}，非演示模式下只向 https:// 地址推送，请将订阅地址改为 https://`;
