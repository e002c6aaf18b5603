/**
 * The shapes the API returns, taken from the server's own code (type-only: nothing of the
 * server is bundled), so the UI and the API cannot drift apart.
 */
import type { CaseView } from '../../../src/cases/case-view.ts';
import type { CaseActionResult } from '../../../src/cases/perform-case-action.ts';
import type { ledgerSummary, readLedgerPage } from '../../../src/cases/list-cases.ts';

export type { CaseActionResult, CaseView };
/** 共N条 and the totals row of a ledger filter (`GET /api/cases/summary`). */
export type LedgerSummary = Awaited<ReturnType<typeof ledgerSummary>>;
/** A page of `GET /api/cases`: with the summary's fields unless asked with `totals=omit`. */
export type CaseListPage = Awaited<ReturnType<typeof readLedgerPage>> & Partial<LedgerSummary>;
export type CaseListItem = CaseListPage['items'][number];
export type CaseEventView = CaseView['events'][number];

export interface User {
  id: string;
  name: string;
  role: import('../../../src/domain/access/roles.ts').Role;
  roleLabel: string;
  unit: { id: string; name: string; creditCode: string | null } | null;
  jurisdictionScope: string[];
  /**
   * What the server lets this user do, so pages offer only that (SPEC §5): what it may register,
   * whether it imports the provincial platform's demands (S3), and whether it follows the city's
   * policy funds (P5: 资金拨付 and 政策评估), and what it does in the promise register (S6).
   */
  abilities: { register: import('../../../src/domain/access/case-policy.ts').RegistrationAbility[]; importIntake: boolean; importLedger: boolean; importLedgerLines: import('../../../src/domain/lines/vocabulary.ts').Line[]; funds: boolean; investment: import('../../../src/domain/investment/access.ts').InvestmentAbilities };
  /** Identity (issue 11): the password must be changed first (first sign-in, a reset, 90 days under 等保). */
  mustChangePassword: boolean;
  /** What a restricted session may only do; null for a full one. */
  restricted: 'change_password' | 'enroll_second_factor' | null;
  secondFactor: { required: boolean; enrolled: boolean };
  passwordPolicy: { profile: 'dengbao' | 'asvs'; rule: string };
  /** A published demo account on a --demo server: signs in with its password alone. */
  demo: boolean;
}

/** One of a user's sessions (`GET /api/session/sessions`). */
export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
  current: boolean;
}

export interface UnitItem {
  id: string;
  name: string;
  kind: string;
  creditCode: string | null;
  jurisdictionId: string;
}

export interface JurisdictionItem {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
  governmentUnitId: string | null;
}
