import { describe, expect, it } from 'vitest';
import { isSealedText, maskedPhone, responsiblePhoneOf, withResponsiblePhone, type SealedText } from './personal-data.ts';

const SEALED: SealedText = { masked: '139****5678', sealed: 'v1:00:AA==' };

const plan = (phone: unknown) => ({
  rectification: { measures: ['发布政策解读'], timeLimit: '2026-03-20', responsiblePerson: { name: '周丽', post: '学前教育科科长', phone }, crossesYear: false },
  note: null,
});

describe('personal data in a case (个人信息保护法)', () => {
  it('masks a phone however it is kept: in clear from before sealing, sealed, or masked already', () => {
    expect(maskedPhone('13907105678')).toBe('139****5678');
    expect(maskedPhone('0710-3325678')).toBe('071****5678');
    expect(maskedPhone(SEALED)).toBe('139****5678');
    expect(maskedPhone({ masked: '139****5678' })).toBe('139****5678');
    expect(isSealedText(SEALED)).toBe(true);
    expect(isSealedText({ masked: '139****5678' })).toBe(false);
    expect(isSealedText('13907105678')).toBe(false);
  });

  it('rewrites the responsible person’s phone of a plan, and nothing else', () => {
    const rewritten = withResponsiblePhone(plan('13907105678'), (phone) => ({ masked: maskedPhone(phone) }));
    expect(rewritten).toEqual(plan({ masked: '139****5678' }));
    expect(responsiblePhoneOf(rewritten)).toEqual({ masked: '139****5678' });
  });

  it('leaves alone what carries no phone: a plan without one, a deferral, another event', () => {
    const noPhone = plan(null);
    const deferral = { rectification: null, deferral: { newDate: '2026-06-30', reason: '资金未到位' }, note: null };
    const payment = { paidOn: '2026-03-02', amount: 100, voucher: '汉东财拨〔2026〕32号' };
    for (const value of [noPhone, deferral, payment]) {
      expect(withResponsiblePhone(value, () => 'x')).toBe(value);
      expect(responsiblePhoneOf(value)).toBeNull();
    }
  });
});
