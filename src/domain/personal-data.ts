/**
 * Personal data (个人信息保护法, issue 11): a phone number is kept encrypted (SM4, with the key
 * outside the database) beside its masked form, so that every page and list shows it masked
 * without decrypting anything, and only a logged reveal by someone who needs it decrypts it.
 * The encryption itself is the server's (`src/security/personal-data.ts`); this module holds
 * the shapes and where a case records such data, so the domain stays free of keys.
 */
import { maskPhone } from './accounts/account-fields.ts';
import { rewriteResponsiblePerson } from './lines/rectification.ts';

/** What a reader sees of a personal value: its masked form only (138****0000). */
export interface MaskedText {
  readonly masked: string;
}

/** A personal value as stored: the masked form and the SM4 ciphertext (`v1:<iv>:<base64>`) of the value. */
export interface SealedText extends MaskedText {
  readonly sealed: string;
}

/**
 * A personal value wherever it travels: sealed as stored since issue 11; a plain string as
 * recorded before (a case event is never rewritten, so its history keeps the clear value);
 * masked only in a view sent to a reader.
 */
export type PersonalText = string | MaskedText;

export const isSealedText = (value: PersonalText): value is SealedText => typeof value === 'object' && typeof (value as Partial<SealedText>).sealed === 'string';

/** A phone number as every reader sees it, however it is kept. */
export const maskedPhone = (phone: PersonalText): string => (typeof phone === 'string' ? maskPhone(phone) : phone.masked);

/** The only personal value a case records (G2): the phone of its rectification plan's responsible person. */
export const CASE_PERSONAL_FIELD = 'rectification.responsiblePerson.phone';

/** Whatever carries a rectification plan at its top level: a case record of a line that takes one, or a `propose_plan` payload. */
interface CarriesRectification {
  readonly rectification?: { readonly responsiblePerson: { readonly phone: PersonalText | null } } | null;
}

/** The responsible person's phone that a record or an event payload carries; null when it carries none. */
export const responsiblePhoneOf = (value: object): PersonalText | null => (value as CarriesRectification).rectification?.responsiblePerson.phone ?? null;

/**
 * `value` (a record or an event payload) with its responsible person's phone rewritten: sealed
 * when the event is stored, masked when a case is shown.
 */
export const withResponsiblePhone = <T extends object>(value: T, rewrite: (phone: PersonalText) => PersonalText): T => {
  const phone = responsiblePhoneOf(value);
  return phone === null ? value : rewriteResponsiblePerson(value, (person) => ({ ...person, phone: rewrite(phone) }));
};
