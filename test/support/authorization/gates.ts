/**
 * The matrix's operations on no object (lists, reports, registrations of something new): each
 * role's gate, from the rule that guards it, with a representative request. Those that are not
 * a role's to pass or fail — public, the first-run setup, one's own password — are listed apart
 * with the reason, so that every operation of the OpenAPI document has its place.
 */
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { isAdminRole, mayListAccounts, mayManageAccount, mayReviewRegistrations } from '../../../src/domain/access/account-policy.ts';
import { canRegister, caseReadScope, ledgerImportReach, mayImportIntake, REGISTRATION_RULES } from '../../../src/domain/access/case-policy.ts';
import { canEditReference } from '../../../src/domain/access/reference-policy.ts';
import { mayReadRoleCatalogue } from '../../../src/domain/access/role-catalogue.ts';
import type { Actor } from '../../../src/domain/access/roles.ts';
import { mayReadSecurityLog } from '../../../src/domain/access/security-log-policy.ts';
import { addCalendarDays } from '../../../src/domain/calendar.ts';
import { actsForEnterprise } from '../../../src/domain/benefits/application.ts';
import { followsPolicyFunds, mayReadFunds } from '../../../src/domain/benefits/funds.ts';
import { servesAtWindow } from '../../../src/domain/benefits/window-service.ts';
import { canManageCredit } from '../../../src/domain/credit/policy.ts';
import { authorizeReportReading, authorizeRoundManagement } from '../../../src/domain/dispatch/dispatch-policy.ts';
import { authorizeDisclosureReading, mayGenerateDisclosures, mayPublishDisclosure } from '../../../src/domain/disclosure/disclosure-policy.ts';
import { enterpriseListScope } from '../../../src/domain/enterprises/profile.ts';
import { authorizeRegisterReading, canKeepRegister, keepsSomeRegister } from '../../../src/domain/investment/access.ts';
import { authorizeProblemLists } from '../../../src/domain/investment/problem-lists.ts';
import { authorizePolicyReading, canMaintainPolicy, canMaintainSomePolicy } from '../../../src/domain/policy-library/access.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../../src/db/seed/hanjiang.ts';
import { DEMO_ENTERPRISES } from '../../../src/demo/enterprises.ts';
import { matrixLevelOf } from '../../../src/reference/reference-data.ts';
import { benefitPolicies } from '../../../src/db/schema.ts';
import { multipart } from '../multipart.ts';
import { passes } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

/** An operation on no object: who passes its gate, and a request that would do it. */
export interface Gate {
  readonly operationId: string;
  /** What the request is about, when the rule reads it (the unit a case is registered for). */
  readonly about?: (actor: Actor) => string;
  readonly allowed: (actor: Actor) => boolean;
  readonly request: (actor: Actor) => InjectOptions;
  /** Allowed ones must succeed (a read), not only get past the gate. */
  readonly succeeds?: boolean;
}

/**
 * Operations every signed-in account may call: about itself, reference data all read, and the
 * lists whose rule is a read scope — each shows only what the caller may read, and nothing to an
 * account whose scope is none (the administrators' ledger, 三员分立): the list checks test what
 * they show.
 */
const SIGNED_IN = [
  ['getSession', '/api/session'],
  ['listMySessions', '/api/session/sessions'],
  ['listNotifications', '/api/notifications'],
  ['countUnreadNotifications', '/api/notifications/unread-count'],
  ['listUnits', '/api/units'],
  ['listJurisdictions', '/api/jurisdictions'],
  ['getFlow', '/api/flows'],
  ['listRules', '/api/rules'],
  ['listHolidays', '/api/holidays?year=2026'],
  ['listLprRates', '/api/lpr-rates'],
  ['listTimeLimits', '/api/time-limits'],
  ['listResponsibilityMatrix', '/api/responsibility-matrix'],
  ['getLadderThresholds', '/api/supervision/thresholds'],
  // P5: the disbursement limits the window and the funds page show.
  ['getBenefitSettings', '/api/benefit-settings'],
  ['listCases', '/api/cases'],
  // The ledger's 共N条 and totals row: the list's own read scope.
  ['summarizeLedger', '/api/cases/summary'],
  // The ledger's export: the list's own read scope, every row of it.
  ['exportCases', '/api/cases/export.xlsx'],
  ['getOverview', '/api/stats/overview'],
  ['listSupervisedCases', '/api/supervision/cases'],
  ['listPendingExtensions', '/api/supervision/extension-requests'],
  ['listCreditRecords', '/api/credit/records'],
  ['exportSupervisedCases', '/api/supervision/cases/export.xlsx'],
  ['exportCreditRecords', '/api/credit/records/export.xlsx'],
] as const;

/** Operations that answer without a session: public, the first-run setup, or harmless without one (signing out). */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set([
  'getHealth',
  'signIn',
  'signOut',
  'getSetup',
  'setUpCity',
  'setUpCityByHand',
  'downloadOrganisationTemplate',
  'getEnterpriseRegistrationOptions',
  'submitEnterpriseRegistration',
  'lookUpEnterpriseRegistration',
  // 保障中小企业款项支付条例 Art. 18: what the units published is public.
  'getPublicAnnualDisclosures',
  // SPEC §7 and the rule texts are the public vocabulary.
  'getFlow',
  'listRules',
]);

/**
 * Operations that are no role's to pass or fail, each with why: the matrix leaves them to the
 * tests named.
 */
export const NOT_A_ROLE_GATE: Readonly<Record<string, string>> = {
  getHealth: 'public (load balancers)',
  signIn: 'public; test/http/identity-api.test.ts',
  getSetup: 'public: whether the city is set up; test/http/setup-api.test.ts',
  setUpCity: 'the first-run setup token, not a role; test/http/setup-api.test.ts',
  setUpCityByHand: 'the first-run setup token, not a role; test/http/setup-api.test.ts',
  downloadOrganisationTemplate: 'the first-run setup token, not a role; test/http/setup-api.test.ts',
  getEnterpriseRegistrationOptions: 'public: an enterprise registers itself; test/http/enterprise-registration-api.test.ts',
  submitEnterpriseRegistration: 'public: an enterprise registers itself; test/http/enterprise-registration-api.test.ts',
  lookUpEnterpriseRegistration: 'public: an enterprise registers itself; test/http/enterprise-registration-api.test.ts',
  getPublicAnnualDisclosures: 'public: the published annual disclosure (保障中小企业款项支付条例 Art. 18); test/http/annual-disclosure-api.test.ts',
  changePassword: "one's own password; a published demo account's is refused on the demo server; test/http/identity-api.test.ts",
  beginSecondFactorEnrollment: "one's own second factor; refused for a published demo account; test/http/identity-api.test.ts",
  confirmSecondFactor: "one's own second factor; refused for a published demo account; test/http/identity-api.test.ts",
};

const get = (url: string) => (): InjectOptions => ({ method: 'GET', url });
const post = (url: string, payload?: object) => (): InjectOptions => ({ method: 'POST', url, ...(payload === undefined ? {} : { payload }) });
/** A file that is not a workbook: an import past its gate refuses it (4xx), one before it is refused the gate. */
const notAWorkbook = (url: string) => (): InjectOptions => {
  const { payload, headers } = multipart('诉求.xlsx', Buffer.from('PK\u0003\u0004 not a workbook'));
  return { method: 'POST', url, payload, headers };
};

/** The usual intake channel of the actor's role (S3), or self-inspection for a role that registers nothing. */
const usualSource = (actor: Actor) => REGISTRATION_RULES.find((rule) => rule.role === actor.role)?.sources[0] ?? 'self_inspection';

/** What some gates' requests carry as it stands: the security policy and the ladder (saved unchanged), and a clause to apply for. */
export interface GateContext {
  readonly securityPolicy: object;
  readonly ladder: object;
  readonly clause: { readonly policyId: string; readonly clauseId: string };
}

export const loadGateContext = async (world: MatrixWorld): Promise<GateContext> => {
  const { demo } = world;
  const read = async (username: 'secadmin' | 'yingshangban', url: string) => {
    const response = await demo.request(username, { method: 'GET', url });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.body}`);
    return response.json<object>();
  };
  const policies = await demo.db.select({ id: benefitPolicies.id, clauses: benefitPolicies.clauses, status: benefitPolicies.status }).from(benefitPolicies).where(eq(benefitPolicies.tenantId, demo.app.tenantId)).orderBy(benefitPolicies.documentNo);
  const clause = policies.flatMap((policy) => (policy.status === 'in_force' ? policy.clauses.filter((candidate) => !candidate.noApplication).map((candidate) => ({ policyId: policy.id, clauseId: candidate.id })) : []))[0]!;
  return { securityPolicy: await read('secadmin', '/api/security-policy'), ladder: await read('yingshangban', '/api/supervision/thresholds'), clause };
};

export const gates = (world: MatrixWorld, current: GateContext): Gate[] => {
  const today = world.today;
  const handongUnit = unitOf(world, LOCAL_UNIT_IDS.handong.jiaoyuju);
  const handongGovernment = unitOf(world, LOCAL_UNIT_IDS.handong.government);
  const chufeng = unitOf(world, DEMO_ENTERPRISES.chufeng.id);
  const where = (actor: Actor, unit: { id: string; jurisdictionId: string }) =>
    actor.unitId === unit.id ? 'own unit' : actor.jurisdictionScope.includes(unit.jurisdictionId) ? 'in own county' : 'elsewhere';
  return [
    ...SIGNED_IN.map(([operationId, url]): Gate => ({ operationId, allowed: () => true, request: get(url), succeeds: true })),
    { operationId: 'signOut', allowed: () => true, request: () => ({ method: 'DELETE', url: '/api/session' }) },
    { operationId: 'markAllNotificationsRead', allowed: () => true, request: post('/api/notifications/read-all') },
    // 三员分立: the security administrator keeps the security policy.
    { operationId: 'getSecurityPolicy', allowed: (actor) => actor.role === 'security_admin', request: get('/api/security-policy'), succeeds: true },
    { operationId: 'updateSecurityPolicy', allowed: (actor) => actor.role === 'security_admin', request: () => ({ method: 'PUT', url: '/api/security-policy', payload: current.securityPolicy }) },
    { operationId: 'getRoleCatalogue', allowed: mayReadRoleCatalogue, request: get('/api/roles'), succeeds: true },
    { operationId: 'listAccounts', allowed: mayListAccounts, request: get('/api/accounts'), succeeds: true },
    { operationId: 'listAccountUnitOptions', allowed: mayListAccounts, request: get('/api/accounts/unit-options?role=unit_handler') },
    {
      operationId: 'createAccount',
      about: (actor) => `a handler of a unit ${where(actor, handongUnit)}`,
      allowed: (actor) => mayManageAccount(actor, { id: 'new', role: 'unit_handler', unitId: handongUnit.id, unitJurisdictionId: handongUnit.jurisdictionId }),
      request: post('/api/accounts', { username: 'juzhen-new', displayName: '新经办人', role: 'unit_handler', unitId: handongUnit.id }),
    },
    { operationId: 'listEnterpriseRegistrations', allowed: mayReviewRegistrations, request: get('/api/enterprise-registrations'), succeeds: true },
    { operationId: 'createUnit', allowed: (actor) => canEditReference(actor, 'unit'), request: post('/api/units', { name: '汉东区矩阵测试中心', kind: 'institution', jurisdictionId: JURISDICTION_IDS.handong }) },
    { operationId: 'createJurisdiction', allowed: (actor) => canEditReference(actor, 'jurisdiction'), request: post('/api/jurisdictions', { name: '矩阵新区', level: 'zone', government: { name: '矩阵新区管理委员会' } }) },
    { operationId: 'setLadderThresholds', allowed: (actor) => canEditReference(actor, 'supervision_threshold'), request: () => ({ method: 'PUT', url: '/api/supervision/thresholds', payload: current.ladder }) },
    {
      operationId: 'registerCase',
      about: (actor) => `by ${usualSource(actor)} for a unit ${where(actor, handongUnit)}, enterprise ${actor.unitId === chufeng.id ? 'own' : 'another'}`,
      allowed: (actor) =>
        canRegister(actor, {
          source: usualSource(actor),
          responsibleUnitId: handongUnit.id,
          responsibleJurisdictionId: handongUnit.jurisdictionId,
          enterpriseUnitId: chufeng.id,
          matrix: { line: 'arrears', responsibleUnitKind: handongUnit.kind, responsibleUnitLevel: matrixLevelOf(world.jurisdictions, handongUnit.jurisdictionId), ledRows: world.ledRows(actor.unitId), imported: false },
        }),
      request: (actor) => ({
        method: 'POST',
        url: '/api/cases',
        payload: {
          line: 'arrears',
          source: usualSource(actor),
          title: '校舍改造工程款',
          facts: '2025年完工，尾款未付。',
          instruction: '请核实办理。',
          enterprise: { name: chufeng.name, creditCode: chufeng.creditCode },
          responsibleUnitId: handongUnit.id,
          claimedAmount: 3_000_000,
        },
      }),
    },
    {
      operationId: 'uploadAttachment',
      // 三员分立: accounts without case work upload nothing.
      allowed: (actor) => caseReadScope(actor).kind !== 'none',
      request: () => {
        const { payload, headers } = multipart('说明.pdf', Buffer.from('%PDF-1.7\n%%EOF\n'));
        return { method: 'POST', url: '/api/attachments', payload, headers };
      },
    },
    { operationId: 'listSecurityEvents', allowed: mayReadSecurityLog, request: get('/api/security-events'), succeeds: true },
    { operationId: 'exportSecurityEvents', allowed: mayReadSecurityLog, request: get('/api/security-events.xlsx'), succeeds: true },
    { operationId: 'verifySecurityLog', allowed: mayReadSecurityLog, request: get('/api/security-events/verify'), succeeds: true },
    { operationId: 'importIntake', allowed: (actor) => mayImportIntake(actor, world.ledRows(actor.unitId)), request: notAWorkbook('/api/intake/import') },
    // 台账导入: 营商办, a county, a unit, a lead bureau with matrix rows of the line — each for the units it reaches.
    // Without ?line= the arrears line's ledger, as before every line had one; with it, that line's.
    { operationId: 'importLedger', allowed: (actor) => ledgerImportReach(actor, 'arrears', world.ledRows(actor.unitId)) !== null, request: notAWorkbook('/api/cases/import') },
    { operationId: 'downloadLedgerImportTemplate', allowed: (actor) => ledgerImportReach(actor, 'arrears', world.ledRows(actor.unitId)) !== null, request: get('/api/cases/import-template.xlsx'), succeeds: true },
    ...(['policy', 'investment', 'integrity'] as const).flatMap((line): Gate[] => [
      {
        operationId: 'importLedger',
        about: () => `the ${line} ledger`,
        allowed: (actor) => ledgerImportReach(actor, line, world.ledRows(actor.unitId)) !== null,
        request: notAWorkbook(`/api/cases/import?dryRun=true&line=${line}`),
      },
      {
        operationId: 'downloadLedgerImportTemplate',
        about: () => `the ${line} ledger`,
        allowed: (actor) => ledgerImportReach(actor, line, world.ledRows(actor.unitId)) !== null,
        request: get(`/api/cases/import-template.xlsx?line=${line}`),
        succeeds: true,
      },
    ]),
    { operationId: 'downloadIntakeImportTemplate', allowed: (actor) => mayImportIntake(actor, world.ledRows(actor.unitId)), request: get('/api/intake/import-template.xlsx'), succeeds: true },
    // S3: intake (受理交办) is 营商办's; the supervisors a registration would get are the matrix's, which staff read.
    { operationId: 'listIntakeQueue', allowed: (actor) => actor.role === 'business_office', request: get('/api/intake'), succeeds: true },
    { operationId: 'exportIntakeQueue', allowed: (actor) => actor.role === 'business_office', request: get('/api/intake/export.xlsx'), succeeds: true },
    { operationId: 'previewIntakeSupervisors', allowed: (actor) => actor.role !== 'enterprise', request: get(`/api/intake/supervisors?line=arrears&responsibleUnitId=${handongUnit.id}`), succeeds: true },
    { operationId: 'listWebhookSubscriptions', allowed: (actor) => actor.role === 'system_admin', request: get('/api/webhook-subscriptions'), succeeds: true },
    { operationId: 'createWebhookSubscription', allowed: (actor) => actor.role === 'system_admin', request: post('/api/webhook-subscriptions', { url: 'https://hooks.example.org/second', eventTypes: [] }) },
    { operationId: 'listDispatchRounds', allowed: (actor) => passes(() => authorizeReportReading(actor)), request: get('/api/dispatch/rounds'), succeeds: true },
    {
      operationId: 'openDispatchRound',
      allowed: (actor) => passes(() => authorizeRoundManagement(actor)),
      request: post('/api/dispatch/rounds', { title: '矩阵测试调度', periodStart: today, periodEnd: addCalendarDays(today, 6), dueOn: addCalendarDays(today, 2) }),
    },
    { operationId: 'getDispatchReport', allowed: (actor) => passes(() => authorizeReportReading(actor)), request: get(`/api/reports/dispatch?from=2026-11-01&to=${today}`) },
    { operationId: 'downloadDispatchReport', allowed: (actor) => passes(() => authorizeReportReading(actor)), request: get(`/api/reports/dispatch.xlsx?from=2026-11-01&to=${today}`) },
    // 保障中小企业款项支付条例 Arts. 18, 22: the annual disclosure of 2025, which the demo generated and partly published.
    { operationId: 'listAnnualDisclosures', allowed: (actor) => passes(() => authorizeDisclosureReading(actor)), request: get('/api/disclosures/2025'), succeeds: true },
    { operationId: 'downloadAnnualDisclosures', allowed: (actor) => passes(() => authorizeDisclosureReading(actor)), request: get('/api/disclosures/2025/workbook'), succeeds: true },
    { operationId: 'generateAnnualDisclosures', allowed: mayGenerateDisclosures, request: post('/api/disclosures/2025/generate'), succeeds: true },
    {
      operationId: 'publishAnnualDisclosure',
      about: (actor) => `a unit's row: ${where(actor, handongUnit)}`,
      allowed: (actor) => mayPublishDisclosure(actor, handongUnit),
      request: post(`/api/disclosures/2025/${handongUnit.id}/publish`, { note: '矩阵测试' }),
    },
    {
      operationId: 'orderCreditRectification',
      allowed: canManageCredit,
      request: post('/api/credit/records', {
        unitId: handongUnit.id,
        caseId: '00000000-0000-4000-8000-000000000000',
        facts: '逾期未支付工程款',
        basis: '《保障中小企业款项支付条例》第九条、第二十六条',
        requirement: '请于整改期限内付清欠款',
        documentNumber: '汉信用责改〔2026〕9号',
        deadline: addCalendarDays(today, 21),
      }),
    },
    { operationId: 'listBreachCandidates', allowed: canManageCredit, request: get('/api/credit/candidates'), succeeds: true },
    { operationId: 'createCreditExport', allowed: canManageCredit, request: post('/api/credit/exports') },
    { operationId: 'listCreditExports', allowed: canManageCredit, request: get('/api/credit/exports'), succeeds: true },
    { operationId: 'listPolicies', allowed: (actor) => passes(() => authorizePolicyReading(actor)), request: get('/api/policies'), succeeds: true },
    { operationId: 'getNoApplicationList', allowed: (actor) => passes(() => authorizePolicyReading(actor)), request: get('/api/no-application-list'), succeeds: true },
    {
      operationId: 'recordPolicy',
      about: (actor) => `issued by a unit ${where(actor, handongUnit)}`,
      allowed: (actor) => canMaintainPolicy(actor, { unitId: handongUnit.id, jurisdictionId: handongUnit.jurisdictionId }),
      request: post('/api/policies', {
        documentNo: '汉东教发〔2026〕9号',
        title: '汉东区支持教育装备企业发展的若干措施',
        issuerUnitId: handongUnit.id,
        publishedOn: today,
        effectiveOn: today,
        clauses: [{ article: '第一条', title: '资质认定', class: 'qualification', content: '认定为区级教育装备示范企业。', amountRule: { kind: 'none' }, conditions: [], materials: [], noApplication: false, fastTrack: false }],
      }),
    },
    { operationId: 'downloadPolicyImportTemplate', allowed: canMaintainSomePolicy, request: get('/api/policies/import-template'), succeeds: true },
    { operationId: 'importPolicies', allowed: canMaintainSomePolicy, request: notAWorkbook('/api/policies/import') },
    { operationId: 'listEnterprises', allowed: (actor) => passes(() => enterpriseListScope(actor)), request: get('/api/enterprises'), succeeds: true },
    // P2, P5: those who apply, review, pay or follow applications (`scopeOf` in read-applications.ts); not 信用办 nor the administrators.
    { operationId: 'listBenefitApplications', allowed: (actor) => !isAdminRole(actor.role) && actor.role !== 'credit_office', request: get('/api/benefit-applications'), succeeds: true },
    {
      operationId: 'submitBenefitApplication',
      about: (actor) => `for an enterprise ${actor.unitId === chufeng.id ? 'of its own' : where(actor, chufeng)}`,
      allowed: (actor) => actsForEnterprise(actor, { unitId: chufeng.id, jurisdictionId: chufeng.jurisdictionId }),
      request: post('/api/benefit-applications', { enterpriseUnitId: chufeng.id, policyId: current.clause.policyId, clauseId: current.clause.clauseId, materials: [] }),
    },
    { operationId: 'getBenefitEvaluation', allowed: followsPolicyFunds, request: get('/api/benefit-evaluation?year=2026'), succeeds: true },
    { operationId: 'downloadBenefitEvaluation', allowed: followsPolicyFunds, request: get('/api/benefit-evaluation.xlsx?year=2026'), succeeds: true },
    { operationId: 'getBenefitPackage', allowed: followsPolicyFunds, request: get(`/api/benefit-packages?packageTag=${encodeURIComponent('16条')}`), succeeds: true },
    { operationId: 'listBenefitFunds', allowed: mayReadFunds, request: get('/api/benefit-funds'), succeeds: true },
    { operationId: 'downloadBenefitFunds', allowed: mayReadFunds, request: get('/api/benefit-funds.xlsx'), succeeds: true },
    // The window's records: 营商办 and leaders all, a county its own, an enterprise those it received (`listWindowServices`).
    { operationId: 'listWindowServices', allowed: (actor) => servesAtWindow(actor) || actor.role === 'leader' || actor.role === 'enterprise', request: get('/api/window-services'), succeeds: true },
    {
      operationId: 'recordWindowService',
      allowed: servesAtWindow,
      request: post('/api/window-services', { kind: 'consultation', channel: 'counter', enterpriseUnitId: chufeng.id, question: '如何申报技改补助？', answer: '已告知申报条件和材料。' }),
    },
    // P5: the disbursement limits are 营商办's to set.
    { operationId: 'saveBenefitSettings', allowed: (actor) => actor.role === 'business_office', request: () => ({ method: 'PUT', url: '/api/benefit-settings', payload: { fastTrackWorkingDays: 60, standardWorkingDays: 90 } }) },
    { operationId: 'listInvestmentProjects', allowed: (actor) => passes(() => authorizeRegisterReading(actor, world.lead)), request: get('/api/investment/projects'), succeeds: true },
    { operationId: 'trackInvestmentPromises', allowed: (actor) => passes(() => authorizeRegisterReading(actor, world.lead)), request: get('/api/investment/promises'), succeeds: true },
    { operationId: 'downloadInvestmentPromises', allowed: (actor) => passes(() => authorizeRegisterReading(actor, world.lead)), request: get('/api/investment/promises.xlsx'), succeeds: true },
    {
      operationId: 'recordInvestmentProject',
      about: (actor) => `signed by a government ${where(actor, handongGovernment)}`,
      allowed: (actor) => canKeepRegister(actor, world.lead, handongGovernment.jurisdictionId),
      request: post('/api/investment/projects', {
        name: '教育装备产业园项目',
        enterprise: { name: chufeng.name, creditCode: chufeng.creditCode },
        agreementName: '教育装备产业园项目投资协议',
        agreementNo: '汉东招协〔2026〕21号',
        signingUnitId: handongGovernment.id,
        signedOn: today,
        investmentAmount: 10_000_000_000,
      }),
    },
    { operationId: 'downloadInvestmentImportTemplate', allowed: (actor) => keepsSomeRegister(actor, world.lead), request: get('/api/investment/import-template'), succeeds: true },
    { operationId: 'importInvestmentRegister', allowed: (actor) => keepsSomeRegister(actor, world.lead), request: notAWorkbook('/api/investment/import') },
    { operationId: 'readInvestmentProblemLists', allowed: (actor) => passes(() => authorizeProblemLists(actor, world.lead)), request: get('/api/investment/problem-lists'), succeeds: true },
    { operationId: 'downloadInvestmentProblemList', allowed: (actor) => passes(() => authorizeProblemLists(actor, world.lead)), request: get('/api/investment/problem-list.xlsx'), succeeds: true },
    { operationId: 'downloadInvestmentResponsibilityList', allowed: (actor) => passes(() => authorizeProblemLists(actor, world.lead)), request: get('/api/investment/responsibility-list.xlsx'), succeeds: true },
  ];
};
