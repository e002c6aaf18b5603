import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { PolicyInput } from '../domain/policy-library/library.ts';
import { PUBLICATION_KINDS, type PublicationKind } from '../domain/policy-library/publication.ts';
import type { Database } from '../db/connection.ts';
import { cases, jobRuns, policyPublicationGaps } from '../db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { changePolicy } from '../policy-library/change-policy.ts';
import { recordPolicy } from '../policy-library/record-policy.ts';
import { recordPublication } from '../policy-library/record-publication.ts';
import { PUBLICATION_SWEEP_ACTOR, sweepPublications } from './publication-sweep.ts';
import { parseSweepTime, PUBLICATION_SWEEP_JOB, runDailyPublicationSweepIfDue } from './scheduler.ts';
import { ephemeralKeys } from '../security/keys.ts';

const at = (day: string) => new Date(`${day}T09:00:00+08:00`);

const OFFICE: Actor = { id: 'acc-office', name: '营商办', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

const GUIDE = {
  beneficiaries: '本市规模以上工业企业',
  conditions: '年度设备投资300万元以上的技术改造项目，已竣工验收',
  fulfilmentTimeLimit: '受理后20个工作日内拨付',
  applicationChannel: '市政务服务中心惠企政策兑现专窗',
  consultationPhone: '0710-3226688',
};

const policy = (documentNo: string, issuerUnitId: string, publishedOn: string, effectiveOn: string): PolicyInput => ({
  documentNo,
  title: `${documentNo}技术改造专项资金实施细则`,
  issuerUnitId,
  publishedOn,
  effectiveOn,
  clauses: [
    {
      article: '第七条',
      title: '技改设备投资奖补',
      class: 'subsidy',
      content: '按设备投资额的8%给予奖补，最高150万元。',
      amountRule: { kind: 'fixed', amount: 1_500_000_00 },
      conditions: [],
      materials: ['项目验收报告'],
      noApplication: false,
      fastTrack: true,
    },
  ],
});

describe(`the publication sweep turns overdue gaps into integrity items, once each (P1, G2, ${backendName})`, () => {
  let database: Database & { tenantId: string };
  let now = at('2026-03-02');
  let app: AppContext;

  /** Records `kinds` of a policy, dated on its publication day. */
  const publish = async (policyId: string, publishedOn: string, kinds: readonly PublicationKind[]) => {
    for (const kind of kinds) {
      const link = `https://www.hanjiang.gov.cn/${kind}/${publishedOn}.html`;
      await recordPublication(app, OFFICE, policyId, kind === 'application_guide' ? { kind, publishedOn, link, guide: GUIDE } : { kind, publishedOn, link });
    }
  };
  const allBut = (...missing: PublicationKind[]) => PUBLICATION_KINDS.filter((kind) => !missing.includes(kind));
  const integrityCases = async () =>
    database.db.select().from(cases).where(and(eq(cases.tenantId, database.tenantId), eq(cases.line, 'integrity')));
  const gapRows = async () => database.db.select().from(policyPublicationGaps).where(eq(policyPublicationGaps.tenantId, database.tenantId));

  let withoutGuide: string;
  let complete: string;
  let abolished: string;
  let notYetEffective: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => now, keys: ephemeralKeys() };
    withoutGuide = await recordPolicy(app, OFFICE, policy('汉经信发〔2026〕5号', UNIT_IDS.jingxinju, '2026-02-20', '2026-03-01'));
    await publish(withoutGuide, '2026-02-20', allBut('application_guide'));
    complete = await recordPolicy(app, OFFICE, policy('汉财规〔2026〕1号', UNIT_IDS.caizhengju, '2026-02-08', '2026-02-08'));
    await publish(complete, '2026-02-09', allBut());
    abolished = await recordPolicy(app, OFFICE, policy('丰政发〔2024〕15号', LOCAL_UNIT_IDS.fengle.government, '2024-04-10', '2024-05-01'));
    await changePolicy(app, OFFICE, abolished, { action: 'abolish', expectedVersion: 1, on: '2026-03-01', note: '并入新办法' });
    notYetEffective = await recordPolicy(app, OFFICE, policy('汉招发〔2026〕4号', UNIT_IDS.zhaoshangju, '2026-02-26', '2026-04-01'));
  });
  afterAll(() => database?.close());

  it('waits for the 7th working day after publication to pass', async () => {
    // Published 20 February: the guide is due on 3 March (the 7th working day), flagged from 4 March.
    const early = await sweepPublications(app, { now: at('2026-03-03') });
    expect(early).toEqual({ raised: [], checked: 2, overdue: 0 });
    expect(await integrityCases()).toEqual([]);
  });

  it('registers one integrity item for the issuing department, in its own words (G2)', async () => {
    now = at('2026-03-04');
    const first = await sweepPublications(app, { now });
    expect(first.checked).toBe(2);
    expect(first.raised).toEqual([
      { policyId: withoutGuide, documentNo: '汉经信发〔2026〕5号', kind: 'application_guide', dueOn: '2026-03-03', caseId: expect.any(String), number: 'SX2026-00001' },
    ]);
    const [item] = await integrityCases();
    expect(item).toMatchObject({
      id: first.raised[0]!.caseId,
      line: 'integrity',
      source: 'assigned',
      state: 'registered',
      responsibleUnitId: UNIT_IDS.jingxinju,
      title: '《汉经信发〔2026〕5号技术改造专项资金实施细则》（汉经信发〔2026〕5号）发布后 7 个工作日内未发布申兑指南',
    });
    expect(item!.detail).toMatchObject({ intake: { status: 'accepted', acceptedBy: { id: PUBLICATION_SWEEP_ACTOR.id } } });
    expect(await gapRows()).toEqual([
      { tenantId: database.tenantId, policyId: withoutGuide, kind: 'application_guide', dueOn: '2026-03-03', caseId: item!.id, raisedAt: now },
    ]);
  });

  it('raises nothing for the same gap again, on the same day or later', async () => {
    const again = await sweepPublications(app, { now: at('2026-03-04') });
    expect(again).toEqual({ raised: [], checked: 2, overdue: 1 });
    const later = await sweepPublications(app, { now: at('2026-03-20') });
    expect(later.raised).toEqual([]);
    expect(await integrityCases()).toHaveLength(1);
  });

  it('flags neither an abolished policy, nor one with its guide, nor one not yet in effect', async () => {
    const rows = await gapRows();
    expect(rows.map((row) => row.policyId)).not.toContain(abolished);
    expect(rows.map((row) => row.policyId)).not.toContain(complete);
    expect(rows.map((row) => row.policyId)).not.toContain(notYetEffective);
  });

  it('raises one item when two sweeps race for the same gaps', async () => {
    // In force from 1 April with nothing published: five gaps, each raised exactly once.
    now = at('2026-04-02');
    const [one, two] = await Promise.all([sweepPublications(app, { now }), sweepPublications(app, { now })]);
    const raised = [...one.raised, ...two.raised];
    expect(raised.map((item) => item.kind).sort()).toEqual([...PUBLICATION_KINDS].sort());
    expect(raised.every((item) => item.policyId === notYetEffective)).toBe(true);
    expect(new Set(raised.map((item) => item.caseId)).size).toBe(5);
    const items = await integrityCases();
    expect(items).toHaveLength(6);
    expect(items.filter((item) => item.responsibleUnitId === UNIT_IDS.zhaoshangju)).toHaveLength(5);
    expect((await gapRows()).every((row) => row.caseId !== null)).toBe(true);
  });

  it('closes a gap when the guide is recorded; the item raised stays in the ledger, and nothing is raised again', async () => {
    now = at('2026-04-03');
    await publish(withoutGuide, '2026-04-03', ['application_guide']);
    const after = await sweepPublications(app, { now });
    expect(after.raised).toEqual([]);
    expect(after.overdue).toBe(5);
    expect(await integrityCases()).toHaveLength(6);
  });

  it('runs once a day from the scheduler, claimed in job_runs', async () => {
    now = at('2026-04-06');
    const sweepAt = parseSweepTime('08:30');
    const both = await Promise.all([runDailyPublicationSweepIfDue(app, { now, atStart: true, sweepAt }), runDailyPublicationSweepIfDue(app, { now, atStart: true, sweepAt })]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const runs = await database.db.select().from(jobRuns).where(eq(jobRuns.job, PUBLICATION_SWEEP_JOB));
    expect(runs).toMatchObject([{ day: '2026-04-06', result: { checked: 3, overdue: 5, raised: 0 } }]);
  });

  it('writes every item through the one write path: the audit log verifies', async () => {
    const report = await verifyAudit(app);
    expect(report.broken).toEqual([]);
    expect(report.casesChecked).toBe(6);
    const [total] = await database.db.select({ n: count() }).from(cases);
    expect(Number(total!.n)).toBe(6);
  });
});
