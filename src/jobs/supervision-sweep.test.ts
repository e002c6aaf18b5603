import { and, eq, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import { createDemoDatabase } from '../../test/support/demo-database.ts';
import type { AppContext } from '../app-context.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '../domain/case/record.ts';
import type { Database } from '../db/connection.ts';
import { caseEvents, cases } from '../db/schema.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { SWEEP_ACTOR, sweepSupervision, type RaisedStep } from './supervision-sweep.ts';
import { ephemeralKeys } from '../security/keys.ts';
import { COMPLAINT_SOURCES } from '../domain/supervision/complaint-clocks.ts';
import { ladderHorizon } from '../domain/supervision/ladder.ts';
import { loadCalendar } from '../reference/reference-data.ts';
import { loadLadderThresholds } from '../supervision/ladder-thresholds.ts';

const DEMO_NOW = new Date('2026-11-27T03:00:00.000Z');
const at = (day: string) => new Date(`${day}T09:00:00+08:00`);
const rank = (level: SupervisionLevel) => SUPERVISION_LEVELS.indexOf(level);
// A step is raised once per (case, deadline or complaint clock with its due day, level).
const key = (step: Pick<RaisedStep, 'caseId' | 'deadline' | 'level' | 'clock'>) => `${step.caseId}|${step.clock ?? ''}|${step.deadline}|${step.level}`;

// Whole-demo sweeps and a full audit replay: minutes, not seconds, on a busy machine.
describe(`the supervision sweep on the demo, ${backendName}`, { timeout: 120_000 }, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => DEMO_NOW, keys: ephemeralKeys() };
    await seedDemo(app);
  });
  afterAll(() => database?.close());

  const supervisions = async () => {
    const rows = await database.db
      .select({ caseId: caseEvents.caseId, deadline: caseEvents.deadline, payload: caseEvents.payload, actorId: caseEvents.actorId })
      .from(caseEvents)
      .where(and(eq(caseEvents.tenantId, database.tenantId), eq(caseEvents.type, 'supervise')));
    return rows.map((row) => ({ ...row, level: row.payload.level as SupervisionLevel }));
  };

  it('raises the ladder once per step, climbs on a later date, and raises nothing when run again (S2)', async () => {
    // The demo ends with the seeding day's scheduled sweep (src/demo/supervision.ts).
    const seeded = (await supervisions()).filter((event) => event.payload.automatic === true).length;
    const early = await sweepSupervision(app, { now: at('2026-11-30') });
    expect(early.checked).toBeGreaterThan(0);
    expect(early.conflicts).toBe(0);

    const first = await sweepSupervision(app, { now: at('2027-03-01') });
    expect(first.raised.length).toBeGreaterThan(0);
    expect(first.raised.map((step) => step.level)).toContain('notice');
    // The later date raises only steps above those raised for the same deadline before.
    for (const step of first.raised) {
      const before = early.raised.filter((prior) => prior.caseId === step.caseId && prior.clock === step.clock && prior.deadline === step.deadline);
      for (const prior of before) expect(rank(step.level)).toBeGreaterThan(rank(prior.level));
    }

    const again = await sweepSupervision(app, { now: at('2027-03-01') });
    expect(again.raised).toEqual([]);
    expect(again.checked).toBe(first.checked);

    const later = await sweepSupervision(app, { now: at('2027-06-01') });
    const seen = new Set([...early.raised, ...first.raised].map(key));
    for (const step of later.raised) expect(seen.has(key(step))).toBe(false);

    const events = await supervisions();
    const automatic = events.filter((event) => event.payload.automatic === true);
    expect(automatic).toHaveLength(seeded + early.raised.length + first.raised.length + later.raised.length);
    // A step on the case's deadline names it; one on a complaint clock (Art. 25) names that clock's due day.
    expect(automatic.every((event) => event.actorId === SWEEP_ACTOR.id && (event.payload.clock !== undefined || event.payload.deadline === event.deadline))).toBe(true);
    const stepKey = (event: (typeof events)[number]) =>
      key({ caseId: event.caseId, level: event.level, deadline: (event.payload.deadline as string | undefined) ?? (event.deadline as string), clock: event.payload.clock as RaisedStep['clock'] });
    const keys = automatic.map(stepKey);
    expect(new Set(keys).size).toBe(keys.length);
    // Neither does the sweep repeat a step a person already raised for that deadline.
    const manual = new Set(events.filter((event) => event.payload.automatic !== true).map(stepKey));
    expect(keys.filter((k) => manual.has(k))).toEqual([]);
  });

  it('keeps the audit log intact', async () => {
    const report = await verifyAudit(app);
    expect(report.broken).toEqual([]);
  });
});

describe(`the supervision sweep in bounded rounds, ${backendName}`, { timeout: 180_000 }, () => {
  const opened: Awaited<ReturnType<typeof createDemoDatabase>>[] = [];
  afterAll(async () => Promise.all(opened.map((demo) => demo.database.close())));
  const demoApp = async (): Promise<AppContext> => {
    const demo = await createDemoDatabase();
    opened.push(demo);
    return { db: demo.database.db, tenantId: demo.database.tenantId, clock: () => DEMO_NOW, keys: demo.keys };
  };

  it('raises in rounds of at most a few steps, each going on where the last stopped, exactly what one run raises', async () => {
    const [whole, rounds] = [await demoApp(), await demoApp()];
    const now = at('2027-03-01');
    const once = await sweepSupervision(whole, { now });
    expect(once.resumeAfter).toBeNull();
    expect(once.raised.length).toBeGreaterThan(10);

    const stepped: RaisedStep[] = [];
    let checked = 0;
    let count = 0;
    for (let after: string | null = null; ; count += 1) {
      const round = await sweepSupervision(rounds, { now, maxSteps: 4, after });
      // A case's steps are raised together: a round passes its bound by at most one case's steps.
      expect(round.raised.length).toBeLessThanOrEqual(4 + SUPERVISION_LEVELS.length * 3);
      stepped.push(...round.raised);
      checked += round.checked;
      if (round.resumeAfter === null) break;
      expect(round.raised.length).toBeGreaterThanOrEqual(4);
      after = round.resumeAfter;
    }
    expect(count).toBeGreaterThan(1);
    expect(stepped.map(key).sort()).toEqual(once.raised.map(key).sort());
    // Every case was looked at once across the rounds.
    expect(checked).toBe(once.checked);
    // And nothing is left: a last run raises nothing on either.
    expect((await sweepSupervision(rounds, { now })).raised).toEqual([]);
  });

  it('reads only the cases that can have a step due: none whose deadline is on or after the horizon', async () => {
    const app = await demoApp();
    const today = '2026-11-30';
    const result = await sweepSupervision(app, { now: at(today) });
    const horizon = ladderHorizon(today, await loadCalendar(app.db, app.tenantId), await loadLadderThresholds(app.db, app.tenantId));
    const [open] = await app.db
      .select({
        withDeadline: sql<number>`(count(*) filter (where ${cases.deadline} is not null))::int`,
        candidates: sql<number>`(count(*) filter (where ${or(lt(cases.deadline, horizon), inArray(cases.source, [...COMPLAINT_SOURCES]))}))::int`,
      })
      .from(cases)
      .where(and(eq(cases.tenantId, app.tenantId), notInArray(cases.state, ['closed', 'dismissed', 'withdrawn', 'litigating'])));
    expect(result.checked).toBe(open!.candidates);
    // The demo has open cases with deadlines further off, which the sweep no longer reads.
    expect(result.checked).toBeLessThan(open!.withDeadline);
  });
});
