import { describe, expect, it } from 'vitest';
import { isCommonPassword } from '../../auth/common-passwords.ts';
import { characterClasses, passwordExpired, passwordRuleText, passwordWeakness, PASSWORD_RULES } from './password-policy.ts';
import { DEFAULT_SECURITY_POLICY, idleMinutesFor, secondFactorRequiredFor, STAFF_ROLES } from './security-policy.ts';

const context = { username: 'zhoumin', displayName: '周敏', isCommon: isCommonPassword };

describe('the dengbao password profile (等保三级)', () => {
  it('asks for 8 characters of 3 of the 4 classes', () => {
    expect(passwordWeakness('dengbao', 'Ab1!', context)).toBe('密码至少 8 位');
    expect(passwordWeakness('dengbao', 'abcdefgh12', context)).toBe('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
    expect(passwordWeakness('dengbao', 'ABCDEFGH!!', context)).toBe('密码须包含大写字母、小写字母、数字、符号中的至少 3 类');
    expect(passwordWeakness('dengbao', 'Abcdefg1', context)).toBeNull();
    expect(passwordWeakness('dengbao', 'abcdef1!', context)).toBeNull();
    expect(passwordWeakness('dengbao', 'Chengxin@2026', context)).toBeNull();
    expect(characterClasses('Ab1!')).toBe(4);
    expect(characterClasses('汉江abc')).toBe(2);
  });

  it('refuses the username inside the password and more than 128 characters', () => {
    expect(passwordWeakness('dengbao', 'Zhoumin-2026', context)).toBe('密码不能包含用户名');
    expect(passwordWeakness('dengbao', `Aa1!${'x'.repeat(125)}`, context)).toBe('密码不能超过 128 位');
  });

  it('expires a password after 90 days', () => {
    const changed = new Date('2026-01-01T09:00:00+08:00');
    expect(passwordExpired('dengbao', changed, new Date('2026-03-31T08:59:59+08:00'))).toBe(false);
    expect(passwordExpired('dengbao', changed, new Date('2026-04-01T09:00:00+08:00'))).toBe(true);
    expect(PASSWORD_RULES.dengbao.historyCount).toBe(5);
    expect(passwordRuleText('dengbao')).toContain('每 90 天须更换一次，不能与最近 5 次使用过的密码相同');
  });
});

describe('the asvs password profile (ASVS 5 / NIST 800-63B)', () => {
  it('asks for 12 to 128 characters of any kind, without composition rules', () => {
    expect(passwordWeakness('asvs', 'Abcdefg1!', context)).toBe('密码至少 12 位');
    expect(passwordWeakness('asvs', 'walnut orchard under a violet sky', context)).toBeNull();
    // Code points, not UTF-16 units: twelve Chinese characters are twelve.
    expect(passwordWeakness('asvs', '汉江边的梧桐树下听雨喝茶', context)).toBeNull();
    expect(passwordWeakness('asvs', `${'x'.repeat(60)}${'y'.repeat(69)}`, context)).toBe('密码不能超过 128 位');
  });

  it('refuses common and breached passwords, and ones made of the user’s own name', () => {
    const common = '密码过于常见或容易猜到（在常见密码和已泄露密码列表中），请换一个更长、更独特的密码';
    expect(passwordWeakness('asvs', 'password1234', context)).toBe(common);
    expect(passwordWeakness('asvs', 'Password1234!', context)).toBe(common);
    expect(passwordWeakness('asvs', 'qwertyuiop123', context)).toBe(common);
    expect(passwordWeakness('asvs', 'iloveyou2026', context)).toBe(common);
    expect(passwordWeakness('asvs', 'zhoumin12345678', context)).toBe('密码不能包含用户名');
    // The dengbao profile has no list: the same password passes its composition rule.
    expect(passwordWeakness('dengbao', 'Password1234!', context)).toBeNull();
  });

  it('never rotates', () => {
    expect(passwordExpired('asvs', new Date('2020-01-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'))).toBe(false);
    expect(passwordRuleText('asvs')).toContain('12—128 位');
  });
});

describe('the default security policy', () => {
  it('is 等保: lockout after 5 for 30 minutes, 30/120 idle minutes, 12 hours, a second factor for every staff role', () => {
    expect(DEFAULT_SECURITY_POLICY).toMatchObject({ passwordProfile: 'dengbao', lockout: { maxFailures: 5, minutes: 30 }, staffAllowedNetworks: [] });
    expect(idleMinutesFor(DEFAULT_SECURITY_POLICY, 'unit_handler')).toBe(30);
    expect(idleMinutesFor(DEFAULT_SECURITY_POLICY, 'enterprise')).toBe(120);
    expect(DEFAULT_SECURITY_POLICY.sessions.absoluteHours).toBe(12);
    expect(secondFactorRequiredFor(DEFAULT_SECURITY_POLICY, 'enterprise')).toBe(false);
    for (const role of STAFF_ROLES) expect(secondFactorRequiredFor(DEFAULT_SECURITY_POLICY, role), role).toBe(true);
    expect(STAFF_ROLES).toHaveLength(9);
  });
});
