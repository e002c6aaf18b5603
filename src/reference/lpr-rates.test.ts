import { readFile } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName, createTestDatabase } from '../../test/support/database.ts';
import type { AppContext } from '../app-context.ts';
import type { Database } from '../db/connection.ts';
import { MIGRATIONS_DIR } from '../db/migrate.ts';
import { seedReferenceData } from '../db/seed/reference.ts';
import { lprRates, tenants } from '../db/schema.ts';
import { PUBLISHED_LPR } from '../domain/reference/lpr-published.ts';
import { readOrganisationForm } from '../domain/setup/organisation-form.ts';
import { ephemeralKeys } from '../security/keys.ts';
import { setUpCity } from '../setup/set-up-city.ts';
import { loadLprTable } from './lpr-rates.ts';

const MIGRATION = '20261205_0035_lpr_rates.sql';
const migrationText = () => readFile(new URL(MIGRATION, MIGRATIONS_DIR), 'utf8');

describe('the published one-year LPR (保障中小企业款项支付条例 第十七条)', () => {
  it('is listed alike in the code and in the migration that seeds the cities of before', async () => {
    const rows = [...(await migrationText()).matchAll(/\('(\d{4}-\d{2}-\d{2})', (\d+)\)/g)].map(([, effectiveOn, bp]) => ({ effectiveOn, oneYearBp: Number(bp) }));
    expect(rows).toEqual(PUBLISHED_LPR);
  });

  it('holds each change once, in date order', () => {
    const days = PUBLISHED_LPR.map((row) => row.effectiveOn);
    expect([...days].sort()).toEqual(days);
    expect(new Set(days).size).toBe(days.length);
    PUBLISHED_LPR.forEach((row, index) => expect(row.oneYearBp).not.toBe(PUBLISHED_LPR[index - 1]?.oneYearBp));
  });
});

describe(`a city's LPR table on ${backendName}`, () => {
  let database: Database & { tenantId: string };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  const tableOf = (tenantId: string) => loadLprTable(database.db, tenantId);

  it('starts with the published rows in the demo city, earliest first', async () => {
    expect(await tableOf(database.tenantId)).toEqual(PUBLISHED_LPR);
  });

  it('is not put back at a later start once the 系统管理员 removed a row', async () => {
    await database.db.delete(lprRates).where(and(eq(lprRates.tenantId, database.tenantId), eq(lprRates.effectiveOn, '2019-09-20')));
    await seedReferenceData(database.db, database.tenantId);
    expect(await tableOf(database.tenantId)).toEqual(PUBLISHED_LPR.filter((row) => row.effectiveOn !== '2019-09-20'));
  });

  it('starts with the published rows in a city set up from its organisation', async () => {
    const app: AppContext = { db: database.db, tenantId: 'lpr-city', clock: () => new Date('2026-03-02T09:00:00+08:00'), keys: ephemeralKeys() };
    const { input, problems } = readOrganisationForm({
      city: { name: '利率市', division: null },
      jurisdictions: [],
      units: [
        { name: '利率市人民政府', kind: 'government', jurisdiction: '利率市', parent: null, creditCode: null, orgFunction: null },
        { name: '利率市优化营商环境领导小组办公室', kind: 'department', jurisdiction: '利率市', parent: '利率市人民政府', creditCode: null, orgFunction: 'yingshangban' },
      ],
      admins: [
        { role: 'system_admin', username: 'lv-xitong', displayName: '张三' },
        { role: 'security_admin', username: 'lv-anquan', displayName: '李四' },
        { role: 'audit_admin', username: 'lv-shenji', displayName: '王五' },
      ],
    });
    expect(problems).toEqual([]);
    await setUpCity(app, input, null);
    expect(await tableOf('lpr-city')).toEqual(PUBLISHED_LPR);
  });

  it('is seeded by the migration for a city that existed before it, leaving a table already kept alone', async () => {
    await database.db.insert(tenants).values({ id: 'older-city', name: '旧市', demo: false });
    await database.db.update(lprRates).set({ oneYearBp: 346 }).where(eq(lprRates.tenantId, 'lpr-city'));
    const insert = /insert into lpr_rates[\s\S]*?;/.exec(await migrationText())?.[0];
    expect(insert).toBeDefined();
    await database.db.execute(sql.raw(insert!));
    expect(await tableOf('older-city')).toEqual(PUBLISHED_LPR);
    expect((await tableOf('lpr-city')).map((row) => row.oneYearBp)).toEqual(PUBLISHED_LPR.map(() => 346));
  });
});
