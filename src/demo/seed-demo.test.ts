import { and, count, eq, max } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import { signIn } from '../auth/sign-in.ts';
import { holidayCalendar } from '../domain/calendar.ts';
import type { CaseOf } from '../domain/case/record.ts';
import { CASE_STATES } from '../domain/case/states.ts';
import { isValidCreditCode } from '../domain/credit-code.ts';
import { officialHolidayRows } from '../domain/holidays-official.ts';
import type { Database } from '../db/connection.ts';
import { accounts, investmentProjects, benefitApplications, benefitDisbursementCases, benefitPolicies, caseEvents, cases, enterpriseProfiles, policyPublicationGaps, units } from '../db/schema.ts';
import { APPLICATION_STATES } from '../domain/benefits/application.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.ts';
import { UNIT_IDS } from '../db/seed/hanjiang.ts';
import { PROMISE_STATUSES } from '../domain/investment/promise-status.ts';
import { trackPromises } from '../investment/read-register.ts';
import { DEMO_CASES } from './cases.ts';
import { DEMO_LEDGER_ROW_COUNT } from './ledger-import.ts';
import { DEMO_ENTERPRISES } from './enterprises.ts';
import { seedDemo, type DemoSummary } from './seed-demo.ts';
import { scheduleDemo } from './timeline.ts';
import { ephemeralKeys } from '../security/keys.ts';



const NOW = new Date('2026-11-27T03:00:00.000Z');

describe(`the demo on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let summary: DemoSummary;

  const totals = async () => {
    const tenant = database.tenantId;
    const [caseTotal] = await database.db.select({ n: count() }).from(cases).where(eq(cases.tenantId, tenant));
    const [eventTotal] = await database.db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.tenantId, tenant));
    const [accountTotal] = await database.db.select({ n: count() }).from(accounts).where(eq(accounts.tenantId, tenant));
    const [unitTotal] = await database.db.select({ n: count() }).from(units).where(eq(units.tenantId, tenant));
    return { cases: caseTotal?.n, events: eventTotal?.n, accounts: accountTotal?.n, units: unitTotal?.n };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => NOW, keys: ephemeralKeys() };
    summary = await seedDemo(app);
  });
  afterAll(() => database?.close());

  it('leaves cases in every state of SPEC §7, `changing` on an investment promise (I3)', () => {
    expect(summary.seeded).toBe(true);
    expect(summary.cases).toBe(DEMO_CASES.length);
    expect(summary.cases).toBeGreaterThanOrEqual(36);
    expect(summary.cases).toBeLessThanOrEqual(80);
    for (const state of CASE_STATES) expect(summary.casesByState[state], state).toBeGreaterThan(0);
  });

  it('puts investment promises on every path I1–I6, open ones to carry on and closed ones', async () => {
    const rows = await database.db.select({ detail: cases.detail, state: cases.state }).from(cases).where(and(eq(cases.tenantId, database.tenantId), eq(cases.line, 'investment')));
    const records = rows.map((row) => row.detail as unknown as CaseOf<'investment'>);
    const situations = new Set(records.map((record) => record.investmentProblem?.situation));
    expect([...situations].sort()).toEqual(['beyond_capacity', 'budget', 'conditions_unmet', 'lawful_change', 'perform']);
    expect(records.some((record) => record.escalated)).toBe(true);
    expect(records.some((record) => record.state === 'litigating')).toBe(true);
    expect(records.some((record) => record.agreedTerms?.agreed != null)).toBe(true);
    expect(records.some((record) => record.lawfulChange !== null && record.state === 'closed')).toBe(true);
    expect(records.some((record) => record.state === 'changing')).toBe(true);
    expect(records.some((record) => record.proposedDeferral !== null)).toBe(true);
  });

  it('keeps a promise register of at least ten projects and thirty promises in every standing, the flawed ones reviewed (S6)', async () => {
    expect(Number((await database.db.select({ n: count() }).from(investmentProjects).where(eq(investmentProjects.tenantId, database.tenantId)))[0]!.n)).toBeGreaterThanOrEqual(10);
    const zhaoshangju = { id: 'acc-demo-zhaoshangju', name: '郑晓东', role: 'lead_bureau' as const, unitId: UNIT_IDS.zhaoshangju, jurisdictionScope: [] };
    const tracking = await trackPromises(app, zhaoshangju, {}, { limit: Number.POSITIVE_INFINITY });
    expect(tracking.items.length).toBeGreaterThanOrEqual(30);
    for (const status of PROMISE_STATUSES) expect(tracking.totals[status], status).toBeGreaterThan(0);
    expect(tracking.totals.flawed).toBeGreaterThanOrEqual(5);
    expect(tracking.items.every((item) => item.legality !== null)).toBe(true);
  });

  it('loads a policy library of two packages, with 免申即享 clauses, a revision and an abolition (P1, P2, P7)', async () => {
    const rows = await database.db.select().from(benefitPolicies).where(eq(benefitPolicies.tenantId, database.tenantId));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const packages = (tag: string) => rows.filter((row) => row.packageTag === tag).length;
    expect(packages('16条')).toBeGreaterThanOrEqual(8);
    expect(packages('30条')).toBeGreaterThanOrEqual(8);
    expect(rows.filter((row) => row.status === 'revised').map((row) => row.documentNo)).toEqual(['石政发〔2025〕30号']);
    expect(rows.filter((row) => row.status === 'abolished').map((row) => row.documentNo)).toEqual(['丰政发〔2024〕15号']);
    const clauses = rows.flatMap((row) => row.clauses);
    expect(new Set(clauses.map((clause) => clause.class))).toEqual(new Set(['subsidy', 'reduction', 'entitlement', 'qualification']));
    expect(clauses.filter((clause) => clause.noApplication).length).toBeGreaterThanOrEqual(5);
  });

  it('flags what departments left unpublished: one integrity item per missing publication, for the issuing department (P1, G2)', async () => {
    const raised = await database.db
      .select({ documentNo: benefitPolicies.documentNo, issuerUnitId: benefitPolicies.issuerUnitId, kind: policyPublicationGaps.kind, dueOn: policyPublicationGaps.dueOn, item: cases })
      .from(policyPublicationGaps)
      .innerJoin(benefitPolicies, eq(benefitPolicies.id, policyPublicationGaps.policyId))
      .innerJoin(cases, eq(cases.id, policyPublicationGaps.caseId))
      .where(eq(policyPublicationGaps.tenantId, database.tenantId));
    expect(raised.map((row) => `${row.documentNo} ${row.kind}`).sort()).toEqual(
      [
        '石政发〔2026〕11号 application_guide',
        '汉经信发〔2026〕5号 application_guide',
        '汉交发〔2025〕6号 interpretation',
        '汉经开管发〔2026〕2号 consultation_window',
        '青政办发〔2026〕7号 government_site',
        '青政办发〔2026〕7号 application_guide',
      ].sort(),
    );
    // Abolished before the sweep: its missing guide is no longer anyone's item.
    expect(raised.map((row) => row.documentNo)).not.toContain('丰政发〔2024〕15号');
    for (const row of raised) expect(row.item).toMatchObject({ line: 'integrity', source: 'assigned', state: 'registered', responsibleUnitId: row.issuerUnitId });
    const shimen = raised.find((row) => row.documentNo === '石政发〔2026〕11号')!;
    expect(shimen.dueOn).toBe('2026-08-31');
    expect(shimen.item.title).toBe('《石门县小微企业创业担保贷款贴息办法（2026年修订）》（石政发〔2026〕11号）发布后 7 个工作日内未发布申兑指南');
    expect(summary.message).toContain(`政策发布检查登记整改事项${raised.length}件`);
  });

  it('profiles thirty enterprises of every size class, and has applications in every state and 免申即享 items (P2, P5)', async () => {
    const profiles = await database.db.select().from(enterpriseProfiles).where(eq(enterpriseProfiles.tenantId, database.tenantId));
    expect(profiles).toHaveLength(30);
    expect(new Set(profiles.map((profile) => profile.sizeClass))).toEqual(new Set(['large', 'medium', 'small', 'micro']));
    const applications = await database.db.select().from(benefitApplications).where(eq(benefitApplications.tenantId, database.tenantId));
    for (const state of APPLICATION_STATES) expect(applications.filter((application) => application.state === state).length, state).toBeGreaterThan(0);
    expect(new Set(applications.map((application) => application.channel))).toEqual(new Set(['portal', 'window', 'automatic']));
    // One approved in June and paid only in part since: the slow disbursement P5 is about.
    // Rows come back in no set order, and the autumn one is approved and part paid too: take the earliest.
    const partPaid = applications
      .filter((application) => application.state === 'approved' && application.channel === 'window')
      .sort((a, b) => a.submittedOn.localeCompare(b.submittedOn));
    const slow = partPaid[0]!;
    expect([slow.submittedOn, slow.approvedAmount, slow.disbursedAmount]).toEqual(['2026-06-15', 120_000_000, 40_000_000]);
    // The morning's check made it a 资金拨付缓慢 case against 经信局, led by 财政局.
    const [raised] = await database.db
      .select({ item: cases })
      .from(benefitDisbursementCases)
      .innerJoin(cases, eq(cases.id, benefitDisbursementCases.caseId))
      .where(eq(benefitDisbursementCases.applicationId, slow.id));
    expect(raised!.item).toMatchObject({ line: 'policy', state: 'registered', responsibleUnitId: 'u-jingxinju', leadUnitId: 'u-caizhengju', claimedAmount: 80_000_000 });
    expect(summary.message).toContain(`${applications.length}项政策兑现申报`);
  });

  it('registers 汉东区’s arrears ledger through the ledger import: source 台账导入, the file named on each case', async () => {
    const imported = await database.db
      .select({ line: cases.line, source: cases.source, state: cases.state, detail: cases.detail })
      .from(cases)
      .where(and(eq(cases.tenantId, database.tenantId), eq(cases.source, 'import')));
    expect(imported).toHaveLength(DEMO_LEDGER_ROW_COUNT);
    for (const row of imported) {
      expect(row).toMatchObject({ line: 'arrears', source: 'import', state: 'registered' });
      expect((row.detail as { importedFrom?: { fileName: string } }).importedFrom).toMatchObject({ fileName: '汉东区清理拖欠企业账款台账（2026年11月）.xlsx' });
    }
  });

  it('writes only genuine histories: every chain verifies and every projection is its replay', async () => {
    const report = await verifyAudit(app);
    expect(report.broken).toEqual([]);
    // The scripted cases, and the integrity items the morning's publication sweep raised (P1 → G2).
    const raised = await database.db.select().from(policyPublicationGaps).where(eq(policyPublicationGaps.tenantId, database.tenantId));
    // And the 资金拨付缓慢 cases the morning's disbursement check raised (P5).
    const slow = await database.db.select().from(benefitDisbursementCases).where(eq(benefitDisbursementCases.tenantId, database.tenantId));
    // And 汉东区's arrears ledger, imported from its Excel file (台账导入).
    expect(summary.ledgerImported).toBe(DEMO_LEDGER_ROW_COUNT);
    expect(report.casesChecked).toBe(DEMO_CASES.length + raised.length + slow.length + summary.ledgerImported);
    expect(report.eventsChecked).toBe(summary.events);
  });

  it('shows the A1 limit at exactly 500,000.00 元 and installments from 500,000.01 元 (A1, A3)', async () => {
    const atLimit = await database.db.select().from(cases).where(eq(cases.confirmedAmount, 50_000_000));
    expect(atLimit.length).toBeGreaterThan(0);
    for (const row of atLimit) expect((row.detail as { plan?: { kind: string; rule: string } }).plan).toMatchObject({ kind: 'lump_sum', rule: 'A1' });
    expect(atLimit.some((row) => row.state === 'performing' && row.rule === 'A1')).toBe(true);
    const [justOver] = await database.db.select().from(cases).where(eq(cases.confirmedAmount, 50_000_001));
    expect((justOver?.detail as { plan?: { kind: string } }).plan?.kind).toBe('installments');
  });

  it('puts nothing after "now" and keeps some cases overdue', async () => {
    const [last] = await database.db.select({ at: max(caseEvents.at) }).from(caseEvents).where(eq(caseEvents.tenantId, database.tenantId));
    expect(last?.at?.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const overdue = (await database.db.select().from(cases).where(eq(cases.tenantId, database.tenantId))).filter(
      (row) => row.deadline !== null && row.deadline < '2026-11-27' && !['closed', 'dismissed', 'litigating'].includes(row.state),
    );
    expect(overdue.length).toBeGreaterThanOrEqual(3);
  });

  it('records one A2 year exception requested and one approved, and one feedback returned before closure', async () => {
    const rows = await database.db.select({ detail: cases.detail }).from(cases).where(eq(cases.tenantId, database.tenantId));
    const statuses = rows.map((row) => (row.detail as { yearException: { status: string } | null }).yearException?.status);
    expect(statuses.filter((status) => status === 'requested')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'approved')).toHaveLength(1);
    const returned = await database.db.select().from(caseEvents).where(eq(caseEvents.type, 'return'));
    expect(returned).toHaveLength(1);
    const [closedAfterReturn] = await database.db.select().from(cases).where(eq(cases.id, returned[0]!.caseId));
    expect(closedAfterReturn?.state).toBe('closed');
  });

  it('creates one account per role, all signing in with the demo password, and valid credit codes', async () => {
    expect(new Set(DEMO_ACCOUNTS.map((account) => account.role)).size).toBe(10);
    expect(summary.accounts.map((row) => row.username)).toEqual(DEMO_ACCOUNTS.map((account) => account.username));
    const signedIn = await signIn(app, 'handong', DEMO_PASSWORD);
    expect(signedIn.actor).toMatchObject({ role: 'county_coordinator', jurisdictionScope: ['handong'] });
    const hashes = await database.db
      .selectDistinct({ hash: accounts.passwordHash })
      .from(accounts)
      .where(and(eq(accounts.tenantId, database.tenantId)));
    expect(hashes).toHaveLength(1);
    for (const enterprise of Object.values(DEMO_ENTERPRISES)) expect(isValidCreditCode(enterprise.creditCode), enterprise.name).toBe(true);
  });

  it('adds nothing when run again', async () => {
    const before = await totals();
    const again = await seedDemo(app);
    expect(again).toMatchObject({ seeded: false, cases: 0, casesByState: summary.casesByState });
    expect(again.message).toContain('已存在');
    expect(await totals()).toEqual(before);
  });
});

describe('the demo timeline', () => {
  const calendar = holidayCalendar(officialHolidayRows([2025, 2026]));

  it('moves back by whole weeks when seeded before its dates, never passing "now"', () => {
    for (const now of [new Date('2026-11-24T03:00:00Z'), new Date('2026-06-01T03:00:00Z')]) {
      const timeline = scheduleDemo(DEMO_CASES, calendar, now);
      expect(timeline.shiftWeeks).toBeGreaterThan(0);
      expect(timeline.last.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    expect(scheduleDemo(DEMO_CASES, calendar, NOW).shiftWeeks).toBe(0);
  });
});
