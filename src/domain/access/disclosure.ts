/**
 * Who a reader is shown as having acted (个人信息保护法 第6条: personal information is processed
 * for a clear purpose, and no more of it than that purpose needs). An enterprise needs to know
 * which unit handles its matter, not which official: an official's name and account are
 * personal data it has no use for. So an enterprise is shown the unit each actor acted for —
 * its own accounts as the enterprise itself — with the role kept, and a rectification plan's
 * responsible person by post only. Staff are shown the people, as recorded.
 */
import { rewriteResponsiblePerson, type RectificationPlan, type ResponsiblePerson } from '../lines/rectification.ts';
import type { Actor } from './roles.ts';

/** Someone a record names as having acted: an account or one of the platform's jobs, with its name as recorded (and whatever else the record keeps of them, such as the role). */
export interface RecordedActor {
  readonly id: string;
  readonly name: string;
}

/** An actor as its reader is shown them: `id` is null where the account is withheld, and `name` is then the unit's. */
export type ShownActor<A extends RecordedActor = RecordedActor> = Omit<A, 'id'> & { readonly id: string | null };

/** G2's responsible person as shown: `name` (and the phone) null where withheld. */
export type ShownResponsiblePerson = Omit<ResponsiblePerson, 'name'> & { readonly name: string | null };

export type ShownRectification = Omit<RectificationPlan, 'responsiblePerson'> & { readonly responsiblePerson: ShownResponsiblePerson };

/** `T` — a case record or an event payload — with its rectification plan's responsible person as shown. */
export type WithShownPerson<T> = T extends { readonly rectification: RectificationPlan | null }
  ? Omit<T, 'rectification'> & { readonly rectification: ShownRectification | null }
  : T;

/** The name an actor is shown by when no unit of theirs is known. */
export const UNNAMED_UNIT = '经办单位';

/**
 * The platform's own jobs (the sweeps, the command-line imports) act under ids `system:<job>`;
 * no one signs in as them, and those whose work an enterprise reads act for 营商办.
 */
export const isSystemActorId = (id: string): boolean => id.startsWith('system:');

/** Whether `reader` is shown the people who acted (staff) rather than the units they acted for (an enterprise). */
export const seesOfficials = (reader: Pick<Actor, 'role'>): boolean => reader.role !== 'enterprise';

/** How the actors and the responsible persons of one view are shown to its reader. */
export interface Disclosure {
  actor<A extends RecordedActor>(actor: A): ShownActor<A>;
  /** A name recorded without the account that acted: no unit can be named for it, so an enterprise is shown none (null). */
  unattributed(name: string): string | null;
  /** `value`, a case record or an event payload, with its rectification's responsible person as shown; anything without one as it is. */
  withResponsiblePerson<T extends object>(value: T): WithShownPerson<T>;
}

/**
 * The disclosure rule for `reader`. `actingUnitOf` names the unit an actor acted for (an
 * enterprise's own accounts: the enterprise); it is asked only when the reader is shown units.
 */
export const disclosureFor = (reader: Pick<Actor, 'role'>, actingUnitOf: (actorId: string) => string | null): Disclosure => {
  if (seesOfficials(reader)) {
    return {
      actor: <A extends RecordedActor>(actor: A): ShownActor<A> => actor,
      unattributed: (name) => name,
      withResponsiblePerson: <T extends object>(value: T) => value as WithShownPerson<T>,
    };
  }
  return {
    actor: <A extends RecordedActor>(actor: A): ShownActor<A> => ({ ...actor, id: null, name: actingUnitOf(actor.id) ?? UNNAMED_UNIT }),
    unattributed: () => null,
    withResponsiblePerson: <T extends object>(value: T): WithShownPerson<T> =>
      rewriteResponsiblePerson(value, ({ post }): ShownResponsiblePerson => ({ post, name: null, phone: null })) as WithShownPerson<T>,
  };
};
