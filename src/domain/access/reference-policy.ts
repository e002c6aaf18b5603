import { AppError } from '../errors.ts';
import type { Actor, Role } from './roles.ts';

/**
 * Who edits which reference data. The 系统管理员 runs the organisation (三员分立, issue 11): the
 * jurisdictions, units, responsibility matrix, holiday calendar, LPR table and time limits are all theirs;
 * the security and audit administrators edit none. 营商办 coordinates (G1) and keeps, besides,
 * the units, the matrix and the time limits it steers supervision by, and alone the ladder.
 */
export const REFERENCE_EDITORS = {
  jurisdiction: ['system_admin'],
  holiday: ['system_admin'],
  // Art. 17 (保障中小企业款项支付条例): the published one-year LPR, kept like the calendar.
  lpr: ['system_admin'],
  responsibility_matrix: ['business_office', 'system_admin'],
  unit: ['business_office', 'system_admin'],
  // S1: the time limits steer supervision, which is 营商办's (G1); the 系统管理员 keeps them as configuration.
  time_limit: ['business_office', 'system_admin'],
  // S2: the ladder's thresholds, 营商办's alone.
  supervision_threshold: ['business_office'],
} as const satisfies Record<string, readonly Role[]>;

export type ReferenceKind = keyof typeof REFERENCE_EDITORS;

export const canEditReference = (actor: Actor, kind: ReferenceKind): boolean =>
  (REFERENCE_EDITORS[kind] as readonly Role[]).includes(actor.role);

/** @throws AppError FORBIDDEN */
export const authorizeReferenceEdit = (actor: Actor, kind: ReferenceKind): void => {
  if (!canEditReference(actor, kind)) throw new AppError('FORBIDDEN', '当前账号无权修改该项参考数据');
};

/**
 * Enterprises are units too, but one enterprise's name and credit code are not another's to
 * browse (SPEC §5: an enterprise sees only its own): an enterprise account sees the public
 * units it may complain about and itself; staff see every unit.
 */
export const seesAllEnterprises = (actor: Actor): boolean => actor.role !== 'enterprise';
