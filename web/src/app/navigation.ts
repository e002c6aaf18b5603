import type { Role } from '../../../src/domain/access/roles.ts';

export type NavKey = 'cockpit' | 'ledger' | 'register' | 'portal' | 'submit';

export const NAV_PATH = {
  cockpit: '/cockpit',
  ledger: '/ledger',
  register: '/cases/new',
  portal: '/portal',
  submit: '/portal/new',
} satisfies Record<NavKey, string>;

/** The menu of each role (SPEC §5): what that person works in. */
export const ROLE_MENU = {
  business_office: ['cockpit', 'ledger', 'register'],
  leader: ['cockpit', 'ledger', 'register'],
  lead_bureau: ['ledger'],
  county_coordinator: ['ledger', 'register'],
  unit_handler: ['ledger', 'register'],
  credit_office: ['ledger'],
  enterprise: ['portal', 'submit'],
  system_admin: [],
  security_admin: [],
  audit_admin: [],
} satisfies Record<Role, NavKey[]>;

/** Where a user lands after signing in. */
export const homePath = (role: Role): string => {
  const first = ROLE_MENU[role][0];
  return first === undefined ? '/no-access' : NAV_PATH[first];
};
