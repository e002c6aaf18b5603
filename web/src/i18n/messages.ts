/**
 * The one message catalogue of the UI: Chinese first (the domain's own labels), English second.
 * Every user-visible word goes through it. Keys are grouped by page or feature; a phrase that
 * means the same thing in two places has one key, used from both. Texts with values are
 * functions. Rule ids (A1…, G3) inside help texts are the rules' own names, the same in both.
 */
import { enUS } from './en-US.ts';
import { zhCN } from './zh-CN.ts';

export type { Messages } from './zh-CN.ts';

export const CATALOGUES = { 'zh-CN': zhCN, 'en-US': enUS } as const;
export type Locale = keyof typeof CATALOGUES;
