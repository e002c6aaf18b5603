import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import { registerTestArrear, runCommands } from '../../test/support/cases.ts';
import type { AppContext } from '../app-context.ts';
import { registerCase } from '../cases/register-case.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import type { Database } from '../db/connection.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { verifyAudit } from './verify-audit.ts';
import { ephemeralKeys } from '../security/keys.ts';

const office: Actor = { id: 'acc-test-yingshangban', name: '周敏', role: 'business_office', unitId: UNIT_IDS.yingshangban, jurisdictionScope: [] };

/**
 * Migration 0014 turns every projection stored before the lines became modules into what a
 * replay of its events gives now: each line's facts only on its own cases, the fields of intake,
 * merging and progress present, and the year rule's due date as a column.
 */
describe(`the line-facts migration on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  let app: AppContext;
  let cases: CaseRecord[];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = { db: database.db, tenantId: database.tenantId, clock: () => new Date('2026-03-02T09:00:00+08:00'), keys: ephemeralKeys() };
    const lumpSum = await registerTestArrear(app, office, {
      title: '汉东区教育局拖欠课桌椅货款',
      enterpriseName: '汉江市楚风建筑工程有限公司',
      organisation: 'MA4K3C7D',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 30_000_000,
    });
    const item = await registerCase(app, office, {
      line: 'integrity',
      source: 'assigned',
      instruction: '请汉东区政府对招商合同开展合法性审查。',
      title: '汉东区招商合同含“政策调整不予补偿”条款',
      facts: '自查发现2份招商合同含单方免责条款。',
      responsibleUnitId: LOCAL_UNIT_IDS.handong.government,
      claimedAmount: null,
    });
    cases = [
      await runCommands(app, office, lumpSum, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } }),
      await runCommands(app, office, item, { action: 'classify', classification: { line: 'integrity' } }),
    ];
  });
  afterAll(() => database?.close());

  it('makes the projections stored in the earlier shape equal to their replay', async () => {
    expect((await verifyAudit(app)).broken).toEqual([]);
    // The shape before the line modules: every line's facts on every case, no year-rule column.
    await database.db.execute(sql`
      update cases set detail = detail || '{"arrears": null, "plan": null, "proposedPlan": null, "payments": [], "yearException": null}'::jsonb
      where line = 'integrity'`);
    // Projections stored before merging and progress existed lack those fields (null in a replay of these cases).
    await database.db.execute(sql`update cases set detail = (detail || '{"rectification": null}'::jsonb) - 'mergedInto' - 'progress', year_rule_due_on = null`);
    const broken = (await verifyAudit(app)).broken;
    expect(broken.map((item) => item.caseId).sort()).toEqual(cases.map((item) => item.id).sort());
    expect(broken.map((item) => item.message).join('\n')).toMatch(/detail\.plan|detail\.rectification|yearRuleDueOn/);

    const migration = await readFile(new URL('20261201_0014_line_facts.sql', MIGRATIONS_DIR), 'utf8');
    const statements = migration
      .replace(/--.*$/gm, '')
      .split(';')
      .map((statement) => statement.trim())
      .filter((statement) => statement !== '' && !statement.startsWith('alter table'));
    expect(statements).toHaveLength(5);
    for (const statement of statements) await database.db.execute(sql.raw(statement));
    expect((await verifyAudit(app)).broken).toEqual([]);
    const [row] = (await database.db.execute<{ due: string }>(sql`select year_rule_due_on::text as due from cases where id = ${cases[0]!.id}`)).rows;
    expect(row?.due).toBe('2026-12-31');
  });
});
