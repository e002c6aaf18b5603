import { createHash } from 'node:crypto';
import type { StoredCaseEvent } from '../domain/case/upcast.ts';
import type { AppKeys } from '../security/keys.ts';

/** The `prev_hash` of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so a value hashes the same after a jsonb round trip. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );

/** SM3 (GB/T 32905-2016), the national standard hash. */
export const sm3 = (text: string): string => createHash('sm3').update(text, 'utf8').digest('hex');

/** What seals the chain: the MAC of the key kept outside the database (`AppKeys.mac`). */
export type SealKeys = Pick<AppKeys, 'mac'>;

/** Every recorded field of an event and the hash of the event before it, as sealed. */
const sealedText = (event: StoredCaseEvent, prevHash: string): string =>
  canonicalJson({
    caseId: event.caseId,
    seq: event.seq,
    type: event.type,
    payload: event.payload,
    rule: event.rule,
    stateBefore: event.stateBefore,
    stateAfter: event.stateAfter,
    deadline: event.deadline,
    actor: event.actor,
    at: event.at,
    prevHash,
  });

/**
 * The seal of one event: HMAC-SM3 under the platform's key over every recorded field and the
 * hash of the event before it. Without the key file nobody can re-seal an edited history.
 */
export const eventHash = (keys: SealKeys, event: StoredCaseEvent, prevHash: string): string => keys.mac(sealedText(event, prevHash));

/**
 * The bare SM3 seal of versions before issue 11. Accepted only for a tenant still marked in
 * `audit_legacy_seals` (data of an earlier version not yet re-sealed, see seal-upgrade.ts).
 */
export const legacyEventHash = (event: StoredCaseEvent, prevHash: string): string => sm3(sealedText(event, prevHash));

/** An event as sealed in the log, with its place in the chain. */
export interface ChainedEvent {
  readonly event: StoredCaseEvent;
  readonly prevHash: string;
  readonly hash: string;
}

export type ChainBreak =
  | { readonly kind: 'gap'; readonly seq: number; readonly expectedSeq: number }
  | { readonly kind: 'link'; readonly seq: number }
  | { readonly kind: 'hash'; readonly seq: number }
  | { readonly kind: 'head'; readonly seq: number };

/** Whether an event's hash is its seal: the keyed one, or (for legacy data) the bare SM3 one. */
export const isSealed = (keys: SealKeys, { event, prevHash, hash }: ChainedEvent, acceptLegacy: boolean): boolean =>
  eventHash(keys, event, prevHash) === hash || (acceptLegacy && legacyEventHash(event, prevHash) === hash);

/**
 * Checks one case's history: sequence numbers 1..n without gaps, every `prev_hash` equal to
 * the previous event's hash, every hash equal to the recomputed keyed seal (or, with
 * `acceptLegacy`, the bare SM3 seal of earlier versions), and the last hash equal to the head
 * recorded on the case. Returns the first break, or null when intact.
 */
export const verifyChain = (
  keys: SealKeys,
  events: readonly ChainedEvent[],
  headHash: string,
  version: number,
  options: { readonly acceptLegacy?: boolean } = {},
): ChainBreak | null => {
  let previous = GENESIS_HASH;
  for (const [index, chained] of events.entries()) {
    const { event, prevHash, hash } = chained;
    if (event.seq !== index + 1) return { kind: 'gap', seq: event.seq, expectedSeq: index + 1 };
    if (prevHash !== previous) return { kind: 'link', seq: event.seq };
    if (!isSealed(keys, chained, options.acceptLegacy ?? false)) return { kind: 'hash', seq: event.seq };
    previous = hash;
  }
  // A removed tail leaves a consistent chain; the head on the case catches it.
  if (events.length !== version || previous !== headHash) return { kind: 'head', seq: events.length };
  return null;
};

export const CHAIN_BREAK_LABEL = {
  gap: '事件序号不连续（有事件被删除或调换）',
  link: '事件链接断裂（前序哈希不符）',
  hash: '事件内容被篡改（HMAC-SM3 密钥封印不符）',
  head: '案件末尾事件缺失或与案件记录不符',
} satisfies Record<ChainBreak['kind'], string>;
