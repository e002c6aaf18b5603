/**
 * Seeds the demonstration installation: demo accounts, enterprises and a year of arrears
 * cases. Every case is written by the real use cases on a controlled clock, so its events,
 * rules, deadlines and hash chain are exactly what users would have produced.
 */
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import { actorOf } from '../auth/sessions.ts';
import { hashPassword } from '../auth/passwords.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import { performCaseAction } from '../cases/perform-case-action.ts';
import { registerCase } from '../cases/register-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { CaseCommand } from '../domain/case/commands.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { CASE_STATE_LABEL, CASE_STATES, type CaseState } from '../domain/case/states.ts';
import { AppError, isAppError } from '../domain/errors.ts';
import { LINE_LABEL, LINES, type Line } from '../domain/lines/vocabulary.ts';
import type { Db } from '../db/connection.ts';
import { accounts, cases, units } from '../db/schema.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountId, demoAccountRows, type DemoAccountRow, type DemoUsername } from './accounts.ts';
import { DEMO_CASES } from './cases.ts';
import { seedDemoRegister } from './investment-register.ts';
import { DEMO_ENTERPRISES } from './enterprises.ts';
import type { DemoCase } from './script.ts';
import { scheduleDemo, type ScheduledCase } from './timeline.ts';
import { seedDemoDispatch } from './dispatch.ts';
import { seedDemoDisclosure } from './disclosure.ts';
import { seedDemoCredit } from './credit.ts';
import { seedPublicationSweepDemo, seedSupervisionDemo } from './supervision.ts';
import { seedDemoPolicies, seedDemoPublications } from './policies.ts';
import { seedDemoProfiles } from './profiles.ts';
import { seedDemoLedgerImport } from './ledger-import.ts';
import { seedDemoApplications, seedDisbursementSweepDemo } from './applications.ts';

export interface DemoSummary {
  /** False when the demo accounts already existed and nothing was written. */
  readonly seeded: boolean;
  /** What happened, in Chinese, for the console. */
  readonly message: string;
  readonly password: string;
  readonly accounts: readonly DemoAccountRow[];
  /** Written by this call (0 when `seeded` is false). */
  readonly enterprises: number;
  readonly cases: number;
  /** Besides them: the cases 汉东区's ledger import registered (台账导入), beside the scripted `cases`. */
  readonly ledgerImported: number;
  readonly events: number;
  /** The ledger of the tenant after the call, by state. */
  readonly casesByState: Readonly<Record<CaseState, number>>;
  /** The demo's timeline (first registration, last action), when seeded now. */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly elapsedMs: number;
}

export interface SeedDemoOptions {
  /** No demo action happens after this instant; defaults to `app.clock()`. */
  readonly now?: Date;
}

/** Serialises two processes seeding one PostgreSQL database at once. */
const DEMO_LOCK_KEY = 7_261_126_002;

const casesByState = async (db: Db, tenantId: string): Promise<Record<CaseState, number>> => {
  const rows = await db.select({ state: cases.state, total: count() }).from(cases).where(eq(cases.tenantId, tenantId)).groupBy(cases.state);
  const totals = Object.fromEntries(CASE_STATES.map((state) => [state, 0])) as Record<CaseState, number>;
  for (const row of rows) totals[row.state] = Number(row.total);
  return totals;
};

const accountRows = async (db: Db, tenantId: string): Promise<DemoAccountRow[]> => {
  const unitIds = DEMO_ACCOUNTS.flatMap((account) => (account.unitId === null ? [] : [account.unitId]));
  const rows = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), inArray(units.id, unitIds)));
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return demoAccountRows((unitId) => names.get(unitId) ?? unitId);
};

/** Performs one case's script, checking it ends where the script says. */
/** A small, valid PDF standing for a scanned document of the demo. */
const demoPdf = (title: string) => Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/**
 * The files people attach at a step, uploaded as its actor and named in the command: a payment's
 * voucher, the enterprise's signed confirmation of a plan, each document of a written feedback.
 */
const withDemoFiles = async (app: AppContext, actor: Actor, command: CaseCommand): Promise<CaseCommand> => {
  const upload = async (fileName: string) => (await uploadAttachment(app, actor, { fileName, content: demoPdf(fileName) })).id;
  switch (command.action) {
    case 'record_payment':
      return { ...command, attachmentId: await upload(`付款凭证${command.voucher}.pdf`) };
    case 'consent':
      return actor.role === 'enterprise' ? { ...command, attachmentId: await upload('还款计划确认书（盖章）.pdf') } : command;
    case 'submit_feedback': {
      const documents = [];
      for (const document of command.documents) documents.push({ ...document, attachmentId: await upload(`${document.title}.pdf`) });
      return { ...command, documents };
    }
    default:
      return command;
  }
};

const playCase = async (
  app: AppContext,
  setClock: (at: Date) => void,
  actors: ReadonlyMap<DemoUsername, Actor>,
  scheduled: ScheduledCase,
): Promise<CaseRecord> => {
  const script: DemoCase = scheduled.script;
  const actor = (username: DemoUsername): Actor => actors.get(username)!;
  const enterprise = script.enterprise === null ? null : DEMO_ENTERPRISES[script.enterprise];
  setClock(scheduled.registeredAt);
  let record = await registerCase(app, actor(script.by), {
    line: script.line ?? 'arrears',
    source: script.source,
    title: script.title,
    facts: script.facts,
    ...(script.instruction === undefined ? {} : { instruction: script.instruction }),
    ...(enterprise === null ? {} : { enterprise: { name: enterprise.name, creditCode: enterprise.creditCode } }),
    responsibleUnitId: script.responsibleUnitId,
    claimedAmount: script.claimedAmount,
    ...(script.particulars === undefined ? {} : { particulars: script.particulars(todayInShanghai(scheduled.registeredAt)) }),
  });
  for (const [index, step] of script.steps.entries()) {
    const at = scheduled.stepTimes[index]!;
    setClock(at);
    const command = { ...step.command({ today: todayInShanghai(at), record }), expectedVersion: record.version } as CaseCommand;
    try {
      const attached = await withDemoFiles(app, actor(step.by), command);
      record = await performCaseAction(app, actor(step.by), record.id, attached);
    } catch (error) {
      if (!isAppError(error)) throw error;
      throw new AppError(error.code, `演示案件“${script.title}”第${index + 1}步（${command.action}）失败：${error.message}`, error.details);
    }
  }
  if (record.state !== script.expect) {
    throw new AppError(
      'INTERNAL',
      `演示案件“${script.title}”应停在“${CASE_STATE_LABEL[script.expect]}”，实为“${CASE_STATE_LABEL[record.state]}”`,
    );
  }
  return record;
};

/** '清理拖欠企业账款 47件、政府守信践诺再提升 6件': the demo's cases per line. */
const casesByLine = (scripts: readonly { readonly line?: Line }[]): string => {
  const counts = new Map<Line, number>();
  for (const script of scripts) counts.set(script.line ?? 'arrears', (counts.get(script.line ?? 'arrears') ?? 0) + 1);
  return LINES.filter((line) => counts.has(line))
    .map((line) => `${LINE_LABEL[line]} ${counts.get(line)}件`)
    .join('、');
};

/**
 * Seeds the demo once: if a demo account already exists it changes nothing and says so.
 * Everything is one transaction, so a failed run leaves no half demo behind. Needs the
 * reference data (`seedReferenceData`) first.
 * @throws AppError from the use cases, should the script break a rule
 */
export const seedDemo = async (app: AppContext, options: SeedDemoOptions = {}): Promise<DemoSummary> => {
  const started = performance.now();
  const now = options.now ?? app.clock();
  const written = await app.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_LOCK_KEY})`);
    const existing = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.tenantId, app.tenantId), inArray(accounts.username, DEMO_ACCOUNTS.map((account) => account.username))));
    if (existing.length > 0) return null;

    let current = now;
    const demoApp: AppContext = { ...app, db: tx, clock: () => current };
    const setClock = (at: Date) => {
      current = at;
    };
    const calendar = await loadCalendar(tx, app.tenantId);
    const timeline = scheduleDemo(DEMO_CASES, calendar, now);
    setClock(timeline.first);

    const enterprises = Object.values(DEMO_ENTERPRISES);
    await tx
      .insert(units)
      .values(enterprises.map((enterprise) => ({ ...enterprise, tenantId: app.tenantId, kind: 'enterprise' as const, createdAt: timeline.first })))
      .onConflictDoNothing({ target: [units.tenantId, units.id] });

    // One argon2id hash for all: every demo account has the same published password.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const accountRowsWritten = await tx
      .insert(accounts)
      .values(
        DEMO_ACCOUNTS.map((account) => ({
          id: demoAccountId(account.username),
          tenantId: app.tenantId,
          username: account.username,
          displayName: account.displayName,
          passwordHash,
          role: account.role,
          unitId: account.unitId,
          jurisdictionId: account.jurisdictionId,
          createdAt: timeline.first,
          // Published: signs in with the password alone on a --demo server (src/demo/accounts.ts).
          demo: true,
        })),
      )
      .returning();
    const actors = new Map<DemoUsername, Actor>();
    for (const row of accountRowsWritten) actors.set(row.username as DemoUsername, await actorOf(demoApp, row));

    let events = 0;
    for (const scheduled of timeline.cases) events += (await playCase(demoApp, setClock, actors, scheduled)).version;
    events += await seedDemoDispatch(demoApp, setClock, actors, now);
    events += await seedDemoCredit(demoApp, setClock, actors, now);
    events += await seedSupervisionDemo(demoApp, now);
    // 保障中小企业款项支付条例 Art. 18: last year's disclosure, generated, reminded, partly published.
    await seedDemoDisclosure(demoApp, setClock, actors, now);
    // P1, P7: the policy library, recorded as a city would load it when it starts.
    setClock(now);
    const policies = await seedDemoPolicies(demoApp, actors.get('yingshangban')!);
    // P1 → G2: their publications, and the integrity items the morning's publication sweep raises for what is missing.
    await seedDemoPublications(demoApp, actors.get('yingshangban')!);
    const publicationItems = await seedPublicationSweepDemo(demoApp, now);
    events += publicationItems;
    // 一企一档: the profiles the service window keeps for the enterprises (P2).
    const profiles = await seedDemoProfiles(demoApp, actors.get('yingshangban')!);
    // 兑现: applications in every state and the 免申即享 items, played at their dates (P2, P5).
    const applications = await seedDemoApplications(demoApp, setClock, {
      yingshangban: actors.get('yingshangban')!,
      jingxinju: actors.get('jingxinju')!,
      qiye2: actors.get('qiye2')!,
    });
    setClock(now);
    const slowDisbursements = await seedDisbursementSweepDemo(demoApp, now);
    events += slowDisbursements;
    // S6: the promise register 市招商局 keeps, beside the investment line's cases.
    const promises = await seedDemoRegister(demoApp, actors.get('zhaoshangju')!, todayInShanghai(now));
    // 台账导入: 汉东区's own arrears ledger, loaded from its Excel file this morning.
    const ledgerImported = await seedDemoLedgerImport(demoApp, actors.get('handong')!);
    events += ledgerImported;
    return { enterprises: enterprises.length, cases: timeline.cases.length, events, policies, publicationItems, profiles, applications, slowDisbursements, promises, ledgerImported, timeline };
  });

  const accountsTable = await accountRows(app.db, app.tenantId);
  const byState = await casesByState(app.db, app.tenantId);
  const elapsedMs = Math.round(performance.now() - started);
  if (written === null) {
    return {
      seeded: false,
      message: '演示数据已存在（演示账号已创建），未做任何改动。',
      password: DEMO_PASSWORD,
      accounts: accountsTable,
      enterprises: 0,
      cases: 0,
      ledgerImported: 0,
      events: 0,
      casesByState: byState,
      period: null,
      elapsedMs,
    };
  }
  return {
    seeded: true,
    message: `已生成演示数据：${accountsTable.length}个账号、${written.enterprises}家企业、${written.cases}件问题事项（${casesByLine(DEMO_CASES)}）、${written.policies}项惠企政策（政策发布检查登记整改事项${written.publicationItems}件）、${written.profiles}份企业档案、${written.promises}项招商引资承诺、${written.applications}项政策兑现申报（资金拨付缓慢登记问题事项${written.slowDisbursements}件）、汉东区台账导入的清欠案件${written.ledgerImported}件，以及调度轮次、督办和失信记录。`,
    password: DEMO_PASSWORD,
    accounts: accountsTable,
    enterprises: written.enterprises,
    cases: written.cases,
    ledgerImported: written.ledgerImported,
    events: written.events,
    casesByState: byState,
    period: { from: written.timeline.first.toISOString(), to: written.timeline.last.toISOString() },
    elapsedMs,
  };
};
