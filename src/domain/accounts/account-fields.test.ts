import { describe, expect, it } from 'vitest';
import { maskPhone, USERNAME_PATTERN } from './account-fields.ts';

describe('account fields', () => {
  it('masks a mobile number to its first three and last four digits', () => {
    expect(maskPhone('13800000000')).toBe('138****0000');
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('0710-3456789')).toBe('071****6789');
    expect(maskPhone('123')).toBe('****');
  });

  it('takes usernames of 3–32 lower-case letters, digits, dots, underscores and hyphens', () => {
    for (const ok of ['abc', 'hd-jiaoyu', 'wang.fang_2', 'a'.repeat(32)]) expect(USERNAME_PATTERN.test(ok)).toBe(true);
    for (const bad of ['ab', 'Abc', '王芳', 'a b', 'a'.repeat(33), 'x@y']) expect(USERNAME_PATTERN.test(bad)).toBe(false);
  });
});
