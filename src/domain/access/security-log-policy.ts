import type { Actor } from './roles.ts';

/**
 * 三员分立: the security audit log is read, exported and verified by the audit administrator
 * alone — not by the system or the security administrator, whose acts it records.
 */
export const mayReadSecurityLog = (actor: Actor): boolean => actor.role === 'audit_admin';
