import { AppError } from '../errors.ts';
import type { Actor, Role } from './roles.ts';

/**
 * Who edits which reference data: the holiday calendar is system configuration (系统管理员);
 * the responsibility matrix and the time limits are 营商办's coordination (G1); units are kept by both.
 */
export const REFERENCE_EDITORS = {
  holiday: ['system_admin'],
  responsibility_matrix: ['business_office'],
  unit: ['business_office', 'system_admin'],
  // S1: the time limits steer supervision, which is 营商办's (G1).
  time_limit: ['business_office'],
  // S2: the ladder's thresholds, likewise 营商办's.
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
