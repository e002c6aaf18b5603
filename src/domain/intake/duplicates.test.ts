import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountCloseness, DUPLICATE_THRESHOLD, duplicateScore, normaliseText, textSimilarity, type DuplicateSubject } from './duplicates.ts';

const ORIGINAL: DuplicateSubject = {
  enterpriseCreditCode: '91420100MA4K0000X1',
  responsibleUnitId: 'u-handong-jiaoyuju',
  title: '汉东区教育局拖欠第三中学校舍维修工程款',
  facts: '2025年8月校舍维修工程竣工验收合格，结算价款68万元经双方确认，尾款至今未付。',
  claimedAmount: 68_000_000,
};

describe('duplicate detection (S3)', () => {
  it('normalises full-width forms, case, spaces and punctuation before comparing', () => {
    expect(normaliseText('ＡＢＣ １２３，汉东区 “教育局”。')).toBe('abc123汉东区教育局');
    expect(textSimilarity('汉东区教育局，拖欠工程款。', '汉东区教育局拖欠工程款')).toBe(1);
  });

  it('flags a reworded complaint about the same arrear: same enterprise, same debtor, similar facts, same amount', () => {
    const reworded = {
      ...ORIGINAL,
      title: '反映汉东区教育局拖欠校舍维修工程尾款',
      facts: '我公司承建的第三中学校舍维修工程2025年8月已竣工验收，结算68万元，教育局至今未支付尾款。',
    };
    const scored = duplicateScore(ORIGINAL, reworded)!;
    expect(scored.likely).toBe(true);
    expect(scored.score).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
    expect(scored.reasons).toEqual(['同一企业', '同一欠款单位', `事实相似度 ${scored.textSimilarity.toFixed(2)}`, '金额相同']);
  });

  it('does not flag another project of the same debtor and enterprise', () => {
    const other = {
      ...ORIGINAL,
      title: '汉东区教育局拖欠实验小学多媒体设备采购款',
      facts: '2025年3月供货多媒体教学一体机40台，货款12万元未付。',
      claimedAmount: 12_000_000,
    };
    const scored = duplicateScore(ORIGINAL, other)!;
    expect(scored.likely).toBe(false);
    expect(scored.reasons).toContain('金额不同');
  });

  it('never pairs cases of different enterprises or different responsible units', () => {
    expect(duplicateScore(ORIGINAL, { ...ORIGINAL, enterpriseCreditCode: '91420100MA4K0001X1' })).toBeNull();
    expect(duplicateScore(ORIGINAL, { ...ORIGINAL, responsibleUnitId: 'u-handong-zhujianju' })).toBeNull();
    expect(duplicateScore({ ...ORIGINAL, enterpriseCreditCode: null }, { ...ORIGINAL, enterpriseCreditCode: null })).toBeNull();
  });

  it('weighs the amount only when both cases have one', () => {
    const noAmount = duplicateScore(ORIGINAL, { ...ORIGINAL, claimedAmount: null })!;
    expect(noAmount.amountCloseness).toBeNull();
    expect(noAmount.score).toBe(noAmount.textSimilarity);
    expect(amountCloseness(50_000_000, 100_000_000)).toBe(0.5);
  });

  const text = fc.string({ unit: fc.constantFrom(...'汉东区教育局拖欠工程款校舍维修尾款未付ab12，。 '), maxLength: 60 });

  it('is a similarity: in [0, 1], symmetric, 1 for equal texts', () => {
    fc.assert(
      fc.property(text, text, (left, right) => {
        const similarity = textSimilarity(left, right);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
        expect(similarity).toBeCloseTo(textSimilarity(right, left), 12);
        if (normaliseText(left) !== '') expect(textSimilarity(left, left)).toBe(1);
      }),
    );
  });

  it('scores symmetrically within [0, 1], and an identical complaint is always flagged', () => {
    const amount = fc.option(fc.integer({ min: 1, max: 1_000_000_000 }), { nil: null });
    fc.assert(
      fc.property(text, text, amount, amount, (title, facts, left, right) => {
        const a = { ...ORIGINAL, title, facts, claimedAmount: left };
        const b = { ...ORIGINAL, facts: ORIGINAL.facts, claimedAmount: right };
        const ab = duplicateScore(a, b)!;
        const ba = duplicateScore(b, a)!;
        expect(ab.score).toBe(ba.score);
        expect(ab.score).toBeGreaterThanOrEqual(0);
        expect(ab.score).toBeLessThanOrEqual(1);
        if (normaliseText(`${title}${facts}`).length >= 2) expect(duplicateScore(a, { ...a }, )!.likely).toBe(true);
      }),
    );
  });
});
