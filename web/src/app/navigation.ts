import type { Role } from '../../../src/domain/access/roles.ts';
import type { NotificationKind } from '../../../src/domain/supervision/notification-rules.ts';
import type { User } from '../api/types.ts';

export type NavKey = 'cockpit' | 'ledger' | 'intake' | 'supervision' | 'dispatch' | 'reports' | 'disclosures' | 'credit' | 'policies' | 'enterprises' | 'window' | 'funds' | 'evaluation' | 'register' | 'portal' | 'benefits' | 'noApplication' | 'submit' | 'system' | 'organisation' | 'investmentProjects' | 'investmentTracking' | 'investmentLists' | 'accounts' | 'registrations' | 'security' | 'audit';

export const NAV_PATH = {
  cockpit: '/cockpit',
  ledger: '/ledger',
  intake: '/intake',
  supervision: '/supervision',
  dispatch: '/dispatch',
  reports: '/reports',
  disclosures: '/disclosures',
  credit: '/credit',
  policies: '/policies',
  enterprises: '/enterprises',
  window: '/window',
  funds: '/funds',
  evaluation: '/evaluation',
  register: '/cases/new',
  portal: '/portal',
  benefits: '/portal/policies',
  noApplication: '/policies/no-application',
  submit: '/portal/new',
  system: '/system',
  organisation: '/organisation',
  investmentProjects: '/investment/projects',
  investmentTracking: '/investment/tracking',
  investmentLists: '/investment/lists',
  accounts: '/accounts',
  registrations: '/registrations',
  security: '/security',
  audit: '/audit',
} satisfies Record<NavKey, string>;

/** The menu's groups, in the menu's order; a group's name is also the breadcrumb's second step. */
export const NAV_SECTIONS = ['work', 'analysis', 'policy', 'investment', 'admin', 'enterprise'] as const;
export type NavSection = (typeof NAV_SECTIONS)[number];

/** The group of each staff page; an enterprise's pages are all 企业服务. */
const NAV_SECTION = {
  cockpit: 'work',
  ledger: 'work',
  intake: 'work',
  register: 'work',
  supervision: 'work',
  dispatch: 'work',
  reports: 'analysis',
  disclosures: 'analysis',
  credit: 'analysis',
  policies: 'policy',
  noApplication: 'policy',
  enterprises: 'policy',
  window: 'policy',
  funds: 'policy',
  evaluation: 'policy',
  investmentProjects: 'investment',
  investmentTracking: 'investment',
  investmentLists: 'investment',
  system: 'admin',
  organisation: 'admin',
  accounts: 'admin',
  registrations: 'admin',
  security: 'admin',
  audit: 'admin',
  portal: 'enterprise',
  benefits: 'enterprise',
  submit: 'enterprise',
} satisfies Record<NavKey, NavSection>;

export const sectionOf = (role: Role, key: NavKey): NavSection => (role === 'enterprise' ? 'enterprise' : NAV_SECTION[key]);

/**
 * The user's menu in groups, in the order of NAV_SECTIONS and within a group in the role's order.
 * A menu of one group (an enterprise's, an administrator's) is one list with no group heading.
 */
export const menuGroupsOf = (user: Pick<User, 'role' | 'abilities'>): { section: NavSection | null; keys: NavKey[] }[] => {
  const menu = menuOf(user);
  const groups = NAV_SECTIONS.map((section) => ({ section, keys: menu.filter((key) => sectionOf(user.role, key) === section) })).filter((group) => group.keys.length > 0);
  return groups.length > 1 ? groups : [{ section: null, keys: menu }];
};

/**
 * The breadcrumb's steps between 首页 and a page reached by `key`: the menu group it sits in
 * (when the menu shows groups), and the menu page it was reached from when it is not itself in the
 * user's menu (政策库 before 免申即享清单 for staff).
 */
export const trailOf = (user: Pick<User, 'role' | 'abilities'>, key: NavKey, parent?: NavKey): { section: NavSection | null; parent: NavKey | null } => {
  const groups = menuGroupsOf(user);
  const inMenu = groups.some((group) => group.keys.includes(key));
  const via = !inMenu && parent !== undefined && groups.some((group) => group.keys.includes(parent)) ? parent : null;
  const anchor = via ?? key;
  return { section: groups.find((group) => group.keys.includes(anchor))?.section ?? null, parent: via };
};

/** The menu items that count the user's unread notices of a kind: 受理台, the complaints sent from the portal. */
export const NAV_BADGE: Partial<Record<NavKey, NotificationKind>> = { intake: 'new_complaint' };

/** The menu of each role (SPEC §5): what that person works in. */
export const ROLE_MENU = {
  business_office: ['cockpit', 'ledger', 'intake', 'supervision', 'dispatch', 'reports', 'disclosures', 'credit', 'policies', 'enterprises', 'window', 'funds', 'evaluation', 'register', 'investmentProjects', 'investmentTracking', 'investmentLists', 'registrations'],
  leader: ['cockpit', 'ledger', 'supervision', 'dispatch', 'reports', 'disclosures', 'credit', 'policies', 'enterprises', 'window', 'funds', 'evaluation', 'register', 'investmentProjects', 'investmentTracking', 'investmentLists'],
  lead_bureau: ['ledger', 'supervision', 'dispatch', 'reports', 'disclosures', 'policies', 'enterprises', 'window', 'funds', 'evaluation', 'register', 'investmentProjects', 'investmentTracking', 'investmentLists'],
  county_coordinator: ['ledger', 'supervision', 'dispatch', 'reports', 'disclosures', 'credit', 'policies', 'enterprises', 'window', 'register', 'investmentProjects', 'investmentTracking', 'investmentLists', 'accounts'],
  unit_handler: ['ledger', 'supervision', 'dispatch', 'disclosures', 'credit', 'policies', 'enterprises', 'window', 'funds', 'evaluation', 'register', 'investmentTracking'],
  credit_office: ['credit', 'reports', 'ledger'],
  enterprise: ['portal', 'benefits', 'noApplication', 'submit'],
  // 三员分立: each administrator's own work, and no case work.
  system_admin: ['system', 'organisation', 'accounts', 'registrations'],
  security_admin: ['security'],
  audit_admin: ['audit'],
} satisfies Record<Role, NavKey[]>;

/**
 * The user's menu: the role's, with registration (typed in, or the provincial platform's import)
 * and the enterprise's complaint only where the server's abilities allow them (S3: a lead bureau
 * registers its own findings, 经信局 imports), and 资金拨付 and 政策评估 for those who follow the
 * city's policy funds (P5: 营商办, leaders, and in a department's roles only the finance bureaus).
 */
export const menuOf = (user: Pick<User, 'role' | 'abilities'>): NavKey[] =>
  ROLE_MENU[user.role].filter((key: NavKey) => {
    if (key === 'register') return user.abilities.importIntake || user.abilities.register.some((ability) => !ability.ownEnterprise);
    if (key === 'submit') return user.abilities.register.some((ability) => ability.ownEnterprise);
    if (key === 'funds' || key === 'evaluation') return user.abilities.funds;
    // S6: the register's pages for whom it serves — the whole register of one's scope, or a unit's own promises to keep.
    if (key === 'investmentProjects') return user.abilities.investment.reads;
    if (key === 'investmentTracking') return user.abilities.investment.reads || user.abilities.investment.fulfils;
    // S6: 招商局's 问题清单 and 整改责任清单, for those who read the whole register of their scope.
    if (key === 'investmentLists') return user.abilities.investment.reads;
    return true;
  });

/**
 * Whether the user may open a page reached by any of `keys`: a page of the user's menu, or one
 * reached from such a page (政策库's 免申即享清单, a case from the ledger or the portal). A page
 * typed in by URL is guarded by the same menu the user sees, so that a user never lands on a
 * screen whose every request the server refuses.
 */
export const mayOpen = (user: Pick<User, 'role' | 'abilities'>, keys: readonly NavKey[]): boolean => {
  const menu = menuOf(user);
  return keys.some((key) => menu.includes(key));
};

/** Where a user lands after signing in. */
export const homePath = (role: Role): string => {
  const first = ROLE_MENU[role][0];
  return first === undefined ? '/no-access' : NAV_PATH[first];
};
