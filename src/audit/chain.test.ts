import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTORS, act, registeredWithEvent } from '../../test/support/domain.ts';
import type { CaseEvent } from '../domain/case/events.ts';
import { ephemeralKeys } from '../security/keys.ts';
import { canonicalJson, eventHash, GENESIS_HASH, legacyEventHash, sm3, verifyChain, type ChainedEvent, type SealKeys } from './chain.ts';

const keys = ephemeralKeys();

const chain = (events: CaseEvent[], seal: (event: CaseEvent, prevHash: string) => string = (event, prevHash) => eventHash(keys, event, prevHash)): ChainedEvent[] => {
  let prevHash = GENESIS_HASH;
  return events.map((event) => {
    const hash = seal(event, prevHash);
    const chained = { event, prevHash, hash };
    prevHash = hash;
    return chained;
  });
};

const history = (): CaseEvent[] => {
  const first = registeredWithEvent('2026-03-02');
  const classified = act(first.record, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 1_000_000 } }, ACTORS.debtor, '2026-03-02');
  const paid = act(classified.record, { action: 'record_payment', paidOn: '2026-03-02', amount: 1_000_000, voucher: 'PZ-1' }, ACTORS.debtor, '2026-03-02');
  return [first.event, classified.event, paid.event];
};

describe('the keyed (HMAC-SM3) audit chain', () => {
  it('uses SM3 as GB/T 32905 defines it (the standard’s “abc” test vector)', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('hashes objects the same whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('writes the text JSON.stringify gives with every object rebuilt with its keys sorted, so earlier seals still verify', () => {
    // The definition the seals of every stored event were computed with.
    const rebuilt = (value: unknown): string =>
      JSON.stringify(value, (_key, item: unknown) =>
        item !== null && typeof item === 'object' && !Array.isArray(item)
          ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          : item,
      );
    const odd = { '10': 'a', '2': 'b', b: undefined, a: [undefined, () => 1, Number.NaN, -0, new Date(Date.UTC(2026, 2, 1))], 'x\u0000"': '\ud800', '4294967295': 1, '01': 2 };
    expect(canonicalJson(odd)).toBe(rebuilt(odd));
    fc.assert(
      fc.property(fc.anything({ withDate: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withBoxedValues: true }), (value) => {
        expect(canonicalJson(value)).toBe(rebuilt(value));
      }),
      { numRuns: 500 },
    );
  });

  it('verifies an intact history', () => {
    const chained = chain(history());
    expect(verifyChain(keys, chained, chained.at(-1)!.hash, 3)).toBeNull();
  });

  it('detects any edited, removed or reordered event', () => {
    const chained = chain(history());
    const head = chained.at(-1)!.hash;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 100_000_000 }), (index, amount) => {
        const edited = chained.map((item, i) =>
          i === index ? { ...item, event: { ...item.event, payload: { ...item.event.payload, amount } } as CaseEvent } : item,
        );
        const changed = JSON.stringify(edited[index]!.event.payload) !== JSON.stringify(chained[index]!.event.payload);
        expect(verifyChain(keys, edited, head, 3) === null).toBe(!changed);
      }),
    );
    expect(verifyChain(keys, [chained[0]!, chained[2]!], head, 3)).toMatchObject({ kind: 'gap' });
    expect(verifyChain(keys, [chained[1]!, chained[0]!, chained[2]!], head, 3)).toMatchObject({ kind: 'gap' });
    expect(verifyChain(keys, chained.slice(0, 2), head, 3)).toMatchObject({ kind: 'head' });
  });

  it('accepts only the seal of its own key: not bare SM3, not another key', () => {
    const events = history();
    const other: SealKeys = ephemeralKeys();
    const sealed = chain(events);
    const bare = chain(events, legacyEventHash);
    const foreign = chain(events, (event, prevHash) => eventHash(other, event, prevHash));
    expect(sealed[0]!.hash).not.toBe(bare[0]!.hash);
    expect(verifyChain(keys, bare, bare.at(-1)!.hash, 3)).toEqual({ kind: 'hash', seq: 1 });
    expect(verifyChain(keys, foreign, foreign.at(-1)!.hash, 3)).toEqual({ kind: 'hash', seq: 1 });
    expect(verifyChain(other, foreign, foreign.at(-1)!.hash, 3)).toBeNull();
    // Data of earlier versions, while its tenant is marked as such.
    expect(verifyChain(keys, bare, bare.at(-1)!.hash, 3, { acceptLegacy: true })).toBeNull();
    expect(verifyChain(keys, foreign, foreign.at(-1)!.hash, 3, { acceptLegacy: true })).toEqual({ kind: 'hash', seq: 1 });
  });
});
