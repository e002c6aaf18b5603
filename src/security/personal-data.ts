/**
 * Personal data at rest (个人信息保护法, GB/T 22239 数据保密性): phone numbers sealed with the SM4
 * key of the key file, kept beside their masked form, and opened only by a reveal that the
 * security log records (`personal_data_revealed`) in the reveal's own transaction — so a value
 * is never handed out without its record. Who may reveal is the domain's rule
 * (`src/domain/access/personal-data-policy.ts`); the use cases check it before calling here.
 */
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { maskPhone } from '../domain/accounts/account-fields.ts';
import { AppError } from '../domain/errors.ts';
import { isSealedText, type PersonalText, type SealedText } from '../domain/personal-data.ts';
import type { Db } from '../db/connection.ts';
import { recordSecurityEvent } from './audit-log.ts';
import type { AppKeys } from './keys.ts';

/** A phone number as it is stored: SM4-encrypted, its masked form beside it. */
export const sealPhone = (keys: Pick<AppKeys, 'encrypt'>, phone: string): SealedText => ({ masked: maskPhone(phone), sealed: keys.encrypt(phone) });

/**
 * A phone kept in a table's three columns (migration 0031): sealed with its mask, or — in a row
 * stored before and not yet sealed at start — in clear; null when none is recorded.
 */
export const phoneOfColumns = (clear: string | null, masked: string | null, sealed: string | null): SealedText | string | null =>
  sealed !== null && masked !== null ? { masked, sealed } : clear;

/**
 * The value in clear: a sealed one decrypted, one recorded in clear before sealing as it is.
 * @throws AppError INTERNAL for a masked form (nothing to open) or a value sealed with another key
 */
export const clearText = (keys: Pick<AppKeys, 'decrypt'>, value: PersonalText): string => {
  if (typeof value === 'string') return value;
  if (isSealedText(value)) return keys.decrypt(value.sealed);
  throw new AppError('INTERNAL', '该个人信息只保存了脱敏形式，无法查看');
};

/** Who reveals what: the security log's account, address and object, and which of the object's values. */
export interface Reveal {
  readonly actor: Actor;
  readonly address: string | null;
  /** As the security log names objects: `case:<id>`, `account:<id>`, `enterprise-registration:<id>`. */
  readonly object: string;
  /** The value's name on its object: `phone`, `contactPhone`, `rectification.responsiblePerson.phone`. */
  readonly field: string;
}

/**
 * Opens a personal value for a reader already authorized and records the reveal in `tx`, the
 * reveal's transaction: if the record cannot be written, the value is not handed out. The log
 * names the field, never the value.
 * @throws AppError INTERNAL when the value cannot be opened
 */
export const revealPersonalText = async (app: AppContext, tx: Db, reveal: Reveal, value: PersonalText): Promise<string> => {
  const clear = clearText(app.keys, value);
  await recordSecurityEvent(
    app,
    { kind: 'personal_data_revealed', outcome: 'success', accountId: reveal.actor.id, address: reveal.address, object: reveal.object, details: { field: reveal.field } },
    tx,
  );
  return clear;
};
