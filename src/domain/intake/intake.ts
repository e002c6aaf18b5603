import type { Actor } from '../access/roles.ts';
import type { CaseAction } from '../case/actions.ts';
import type { Source } from '../lines/vocabulary.ts';

/**
 * S3: what comes in from outside — an enterprise's own complaint, the complaint platform, a
 * petition, the provincial SME platform — waits for 市营商办 to accept (受理) and assign (交办)
 * it, or to dismiss it; so does a leader's assignment (领导交办), which 营商办 hands to the unit
 * (交办) with its own instruction beside the leader's. What staff register themselves
 * (self-inspection, audit, 营商办's own assignment, an import) is accepted on registration.
 */
export const PENDING_INTAKE_SOURCES = ['enterprise', 'complaint_platform', 'petition', 'provincial_platform'] as const satisfies readonly Source[];

export type IntakeStatus = 'pending' | 'accepted';

export const INTAKE_STATUS_LABEL = { pending: '待市营商办受理', accepted: '已受理' } satisfies Record<IntakeStatus, string>;

/** The intake status a registration from `source` by `role` starts with (S3). */
export const intakeStatusOnRegistration = (source: Source, role: Actor['role']): IntakeStatus =>
  (PENDING_INTAKE_SOURCES as readonly Source[]).includes(source) || (source === 'assigned' && role === 'leader') ? 'pending' : 'accepted';

/** How the case was taken on: by whom and when, to which lead and cooperating units, with which instruction. */
export interface IntakeRecord {
  readonly status: IntakeStatus;
  /** ISO instant; null while pending. */
  readonly acceptedAt: string | null;
  readonly acceptedBy: { readonly id: string; readonly name: string } | null;
  readonly leadUnitId: string | null;
  readonly cooperatingUnitIds: readonly string[];
  /** 交办意见 (or the leader's instruction of an assignment). */
  readonly instruction: string | null;
}

/**
 * What may happen to a case still waiting for intake: 营商办's intake decisions (accept,
 * merge, dismiss), a hand-over and supervision; and the enterprise's own steps, withdrawing its
 * complaint and adding material to it. Handling (classify and the rest) waits until the case is
 * accepted.
 */
const WHILE_PENDING: ReadonlySet<CaseAction> = new Set(['accept', 'merge', 'dismiss', 'assign', 'supervise', 'withdraw', 'add_material']);

/** The intake decisions are 营商办's alone while a case waits (S3). */
const OFFICE_ONLY_WHILE_PENDING: ReadonlySet<CaseAction> = new Set(['accept', 'merge', 'dismiss']);

/** Whether the case still waits for intake; cases from before intake existed (`intake` absent) were taken on. */
export const isIntakePending = (record: { readonly intake?: IntakeRecord | null }): boolean => record.intake?.status === 'pending';

/**
 * Whether the intake step lets `actor` perform `action` now (flow and rights aside): `accept`
 * only while pending, handling only once accepted (S3).
 */
export const intakeAllows = (record: { readonly intake?: IntakeRecord | null }, action: CaseAction, actor: Pick<Actor, 'role'>): boolean => {
  if (!isIntakePending(record)) return action !== 'accept';
  if (!WHILE_PENDING.has(action)) return false;
  return !OFFICE_ONLY_WHILE_PENDING.has(action) || actor.role === 'business_office';
};
