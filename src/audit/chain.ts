import { createHash } from 'node:crypto';
import type { StoredCaseEvent } from '../domain/case/upcast.ts';
import type { AppKeys } from '../security/keys.ts';

/** The `prev_hash` of a case's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** A key JSON writes before the others, in numeric order (an array index: `"2"` before `"10"`). */
const INDEX_KEY = /^(?:0|[1-9]\d*)$/u;
const isIndexKey = (key: string) => INDEX_KEY.test(key) && Number(key) < 4_294_967_295;
const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** One value as JSON with its object keys sorted; undefined where JSON.stringify leaves it out. */
const canonical = (input: unknown, key: string): string | undefined => {
  let value = input;
  if (value !== null && (typeof value === 'object' || typeof value === 'bigint') && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index += 1) {
          if (index > 0) text += ',';
          text += canonical(value[index], String(index)) ?? 'null';
        }
        return `${text}]`;
      }
      const entries = Object.entries(value as Record<string, unknown>).sort(byName);
      // As an object's own keys are listed: array indices first, in numeric order, then the rest.
      const ordered = entries.some(([name]) => isIndexKey(name))
        ? [...entries.filter(([name]) => isIndexKey(name)).sort(([a], [b]) => Number(a) - Number(b)), ...entries.filter(([name]) => !isIndexKey(name))]
        : entries;
      let text = '{';
      for (const [name, child] of ordered) {
        const item = canonical(child, name);
        if (item === undefined) continue;
        if (text.length > 1) text += ',';
        text += `${JSON.stringify(name)}:${item}`;
      }
      return `${text}}`;
    }
    default:
      return undefined;
  }
};

/**
 * JSON with object keys sorted at every depth, so a value hashes the same after a jsonb round
 * trip: the text `JSON.stringify` gives for the value with each object rebuilt with its keys
 * sorted, written in one pass without rebuilding the objects (every event of an import is sealed
 * over it).
 */
export const canonicalJson = (value: unknown): string => canonical(value, '') as string;

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
