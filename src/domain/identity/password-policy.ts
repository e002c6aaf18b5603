/**
 * The password profiles a city chooses from (issue 11, GB/T 22239 身份鉴别 and ASVS 5 V6):
 *
 * - `dengbao` (等保三级, the default): at least 8 characters of at least 3 of the 4 classes
 *   (upper case, lower case, digits, symbols), changed every 90 days, none of the last 5 again.
 * - `asvs` (ASVS 5 level 2 / NIST SP 800-63B): 12 to 128 characters of any kind, no
 *   composition rules and no rotation, but never a common or breached password.
 *
 * In both, an initial or reset password is changed at the next sign-in (`mustChangePassword`),
 * a password never contains the username, and a new one differs from the current one. Pure:
 * the common-password check is given by the caller (src/auth/common-passwords.ts).
 */

export const PASSWORD_PROFILES = ['dengbao', 'asvs'] as const;
export type PasswordProfile = (typeof PASSWORD_PROFILES)[number];

export const PASSWORD_PROFILE_LABEL = {
  dengbao: '等保三级（复杂度 + 定期更换）',
  asvs: 'ASVS 5 / NIST 800-63B（长度 + 常见密码检查）',
} satisfies Record<PasswordProfile, string>;

export interface PasswordRules {
  readonly minLength: number;
  readonly maxLength: number;
  /** How many of upper, lower, digit and symbol a password must mix; 0 for no composition rule. */
  readonly minClasses: number;
  /** Days after which a password must be changed; null for no rotation. */
  readonly rotationDays: number | null;
  /** How many of the latest passwords (the current one included) may not be used again. */
  readonly historyCount: number;
  /** Checked against a list of common and breached passwords. */
  readonly refuseCommon: boolean;
}

export const PASSWORD_RULES = {
  dengbao: { minLength: 8, maxLength: 128, minClasses: 3, rotationDays: 90, historyCount: 5, refuseCommon: false },
  asvs: { minLength: 12, maxLength: 128, minClasses: 0, rotationDays: null, historyCount: 1, refuseCommon: true },
} as const satisfies Record<PasswordProfile, PasswordRules>;

/** The rule in the user's words, shown where a password is chosen. */
export const passwordRuleText = (profile: PasswordProfile): string => {
  const rules: PasswordRules = PASSWORD_RULES[profile];
  return profile === 'dengbao'
    ? `密码至少 ${rules.minLength} 位，须包含大写字母、小写字母、数字、符号中的至少 ${rules.minClasses} 类，不能包含用户名；每 ${rules.rotationDays} 天须更换一次，不能与最近 ${rules.historyCount} 次使用过的密码相同。`
    : `密码 ${rules.minLength}—${rules.maxLength} 位，不限字符种类（可用空格、中文），建议用一句好记的话；不能是常见或已泄露的密码，不能包含用户名，不能与当前密码相同。`;
};

/** How many of the four classes a password mixes: upper, lower, digit, anything else. */
export const characterClasses = (password: string): number =>
  [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;

export interface NewPasswordContext {
  readonly username: string;
  readonly displayName?: string;
  /** True for a password on the common and breached list (or guessable from `userInputs`). */
  readonly isCommon: (password: string, userInputs: readonly string[]) => boolean;
}

/**
 * Why `password` may not be chosen under `profile`, in Chinese; null when it may. The history
 * (the current password and the ones before) is checked by the caller, which holds the hashes.
 */
export const passwordWeakness = (profile: PasswordProfile, password: string, context: NewPasswordContext): string | null => {
  const rules: PasswordRules = PASSWORD_RULES[profile];
  const length = [...password].length;
  if (length < rules.minLength) return `密码至少 ${rules.minLength} 位`;
  if (length > rules.maxLength) return `密码不能超过 ${rules.maxLength} 位`;
  if (rules.minClasses > 0 && characterClasses(password) < rules.minClasses) {
    return `密码须包含大写字母、小写字母、数字、符号中的至少 ${rules.minClasses} 类`;
  }
  const username = context.username.trim().toLowerCase();
  if (username.length >= 3 && password.toLowerCase().includes(username)) return '密码不能包含用户名';
  if (rules.refuseCommon && context.isCommon(password, [context.username, ...(context.displayName ? [context.displayName] : [])])) {
    return '密码过于常见或容易猜到（在常见密码和已泄露密码列表中），请换一个更长、更独特的密码';
  }
  return null;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a password set at `changedAt` must be changed at `now` (the profile's rotation). */
export const passwordExpired = (profile: PasswordProfile, changedAt: Date, now: Date): boolean => {
  const days: number | null = PASSWORD_RULES[profile].rotationDays;
  return days !== null && now.getTime() - changedAt.getTime() >= days * DAY_MS;
};
