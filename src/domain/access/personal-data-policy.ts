import { mayManageAccount, mayReviewRegistrations, type ManagedAccount } from './account-policy.ts';
import { can, RELATIONS, type CaseParties, type Relation } from './case-policy.ts';
import type { Actor, Role } from './roles.ts';

/**
 * 个人信息保护法 (最小必要): a phone number is shown masked to everyone and unmasked only to
 * those whose work is to call the person, each reveal written to the security log. On a case
 * (the responsible person of a rectification plan, G2) those are 营商办, which coordinates every
 * item, the responsible or handling unit's own staff, the bureau that leads the case and the
 * coordinator of its county; never the enterprise, a leader, 信用办 or the three administrators.
 */
export const CASE_REVEAL_RULES: readonly { readonly role: Role; readonly relation: Relation }[] = [
  { role: 'business_office', relation: 'anyCase' },
  { role: 'unit_handler', relation: 'responsibleOrHandling' },
  { role: 'lead_bureau', relation: 'leading' },
  // A lead bureau is a department too: on a case against its own unit it is the unit that calls.
  { role: 'lead_bureau', relation: 'responsibleOrHandling' },
  { role: 'county_coordinator', relation: 'inJurisdiction' },
];

/** Whether `actor` may see a case's personal data unmasked; only ever a reader of the case. */
export const mayRevealCasePersonalData = (actor: Actor, record: CaseParties): boolean =>
  can(actor, 'read', record) && CASE_REVEAL_RULES.some((rule) => rule.role === actor.role && RELATIONS[rule.relation](actor, record));

/** An account's phone: for whoever administers the account (the system administrator, a county coordinator its handlers). */
export const mayRevealAccountPhone = (actor: Actor, target: ManagedAccount): boolean => mayManageAccount(actor, target);

/** A registrant's phone: for whoever reviews the registration, who may have to call to confirm it (SPEC §5). */
export const mayRevealRegistrationPhone = (actor: Actor): boolean => mayReviewRegistrations(actor);
