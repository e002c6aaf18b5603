/**
 * A province's ledger for the read benchmarks at scale: N cases (default 1,000,000) with coherent
 * histories sealed as the application seals them, written into a named database that is kept, so
 * that `province-reads.bench.ts` can be run on it again and again.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
 *     npx tsx bench/seed-province.ts --cases 1000000 --database cx_province [--fresh] [--templates 0.08]
 *
 * Without DATABASE_URL: PGlite in a folder (`--data ./province-data`; slow, see docs/BENCHMARKS.md).
 * The key file that seals the chains is written to `--keys` (default `<database>.key` in the
 * working folder) so that a later `verify-audit` can check them.
 *
 * What is loaded, all deterministic (the same N gives the same database):
 * - Hanjiang's reference data (one tenant: the reference seed's unit and jurisdiction ids are
 *   global, so a second city cannot be seeded beside it; one tenant holding every case is also the
 *   worst case for every per-tenant read), the bench accounts, and the **demo** (`seedDemo`: its
 *   cases are written by the real use cases, so they cover every line — arrears, policy,
 *   investment, integrity — and every state of the machine);
 * - `--enterprises` (20,000) creditor enterprises with realistic names (place + 字号 + trade +
 *   form) and valid unified social credit codes (`makeCreditCode`);
 * - the cases: the staged rows of `seed-cases.ts` (units, jurisdictions, states, amounts,
 *   deadlines and dates from `hashint8extended` draws) turned into histories by
 *   `seed-histories.ts` (register, classify, plan, consent, payments, feedback, close, escalation,
 *   …), with many more progress reports (a long tail: about 0.5 % of cases have ~200 events),
 *   and a share `--templates` (8 %) cloned from the demo's cases instead: the same events (every
 *   line and state) on a new case id, number, enterprise and dates;
 * - every event sealed with `eventHash` (HMAC-SM3 under the run's key) and chained; every
 *   projection row is `evolve`'s replay written by `projectionColumns`.
 *
 * Rows are written as one `jsonb_populate_recordset` statement per table and batch (one
 * parameter whatever the batch size), and the next batch is built in JavaScript while the
 * database writes the previous one.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getTableColumns, sql } from 'drizzle-orm';
import pg from 'pg';
import type { AppContext } from '../src/app-context.ts';
import { eventHash, GENESIS_HASH } from '../src/audit/chain.ts';
import { projectionColumns, toChainedEvent } from '../src/cases/case-store.ts';
import { openDatabase, type Db } from '../src/db/connection.ts';
import { caseEvents, cases, caseCounters, units } from '../src/db/schema.ts';
import { seedReferenceData } from '../src/db/seed/reference.ts';
import { seedDemo } from '../src/demo/seed-demo.ts';
import { makeCreditCode } from '../src/domain/credit-code.ts';
import type { CaseEvent } from '../src/domain/case/events.ts';
import { evolve } from '../src/domain/case/evolve.ts';
import type { CaseRecord } from '../src/domain/case/record.ts';
import { upcastEvent } from '../src/domain/case/upcast.ts';
import { loadKeys } from '../src/security/keys.ts';
import { seedBenchEnterprises, stageCaseRows } from './seed-cases.ts';
import { buildCase, draw, seedBenchAccounts, type StageRow } from './seed-histories.ts';

const TENANT = 'hanjiang';
const STAGE = 'province_case_stage';
/** The demo's "now": its cases end before the staged ones start to be updated. */
const DEMO_NOW = new Date('2026-11-20T10:00:00+08:00');

// --- enterprises ------------------------------------------------------------------------------

const PLACES = [
  ['湖北', '420000'], ['武汉', '420100'], ['黄石', '420200'], ['十堰', '420300'], ['宜昌', '420500'], ['襄阳', '420600'],
  ['鄂州', '420700'], ['荆门', '420800'], ['孝感', '420900'], ['荆州', '421000'], ['黄冈', '421100'], ['咸宁', '421200'],
  ['随州', '421300'], ['恩施', '422800'], ['仙桃', '429004'], ['潜江', '429005'], ['天门', '429006'], ['汉江', '422900'],
] as const;
const BRANDS = [
  '楚天', '江汉', '长江', '鼎盛', '恒通', '华信', '金桥', '宏达', '中南', '天成', '鑫源', '博远', '瑞丰', '安泰', '兴业', '弘毅',
  '正道', '联创', '东方', '龙腾', '汇丰', '永固', '荆楚', '新宇', '卓越', '远景', '汉禹', '同舟', '盛世', '明辉', '德润', '泰康',
  '九州', '云帆', '神农', '凤凰', '光谷', '青山', '绿源', '万达', '清风', '志诚', '和美', '聚力', '嘉禾', '富康', '腾飞', '润泽',
  '昌盛', '银河', '中鼎', '利民', '祥和', '融通', '广厦', '峰华', '海纳', '晨光', '星火', '启航',
] as const;
const TRADES = [
  '建筑工程', '路桥工程', '市政工程', '装饰工程', '园林绿化', '电力工程', '水利水电', '环保科技', '智能装备', '医疗器械',
  '教育装备', '信息技术', '软件开发', '数字科技', '物业服务', '劳务服务', '运输', '物流', '建材', '钢结构', '机电设备', '印务',
  '办公家具', '农业开发', '食品', '工程造价咨询', '工程监理', '设计', '检测', '新能源',
] as const;
const FORMS = ['有限公司', '有限公司', '有限公司', '有限责任公司', '股份有限公司', '集团有限公司'] as const;
const ORGANIZATION_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A mixing hash of an integer, deterministic (no Math.random). */
const mix = (value: number, salt: number): number => {
  let h = (value * 2654435761 + salt * 40503) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 2246822507) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 3266489909) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
};

/** The `index`-th enterprise: place + a two-part 字号 (60 × 59 pairs) + trade + form, and a valid code. */
export const provinceEnterprise = (index: number) => {
  const [place, division] = PLACES[mix(index, 1) % PLACES.length]!;
  const first = mix(index, 2) % BRANDS.length;
  const second = (first + 1 + (mix(index, 5) % (BRANDS.length - 1))) % BRANDS.length;
  const trade = TRADES[mix(index, 3) % TRADES.length]!;
  const form = FORMS[mix(index, 4) % FORMS.length]!;
  const name = `${place}${BRANDS[first]}${BRANDS[second]}${trade}${form}`;
  let body = '';
  for (let value = 7919 * (index + 1000) + 104729, i = 0; i < 6; i += 1, value = Math.floor(value / 31)) body = ORGANIZATION_CHARS[value % 31]! + body;
  return { id: `ent-bench-p${String(index + 1).padStart(6, '0')}`, name, creditCode: makeCreditCode(`91${division}MA4${body}`) };
};

const seedProvinceEnterprises = async (db: Db, count: number): Promise<void> => {
  for (let from = 0; from < count; from += 2_000) {
    const rows = Array.from({ length: Math.min(2_000, count - from) }, (_, i) => provinceEnterprise(from + i));
    await db
      .insert(units)
      .values(rows.map((row) => ({ ...row, tenantId: TENANT, kind: 'enterprise' as const, jurisdictionId: 'city' })))
      .onConflictDoNothing({ target: [units.tenantId, units.id] });
  }
};

// --- writing ----------------------------------------------------------------------------------

const caseColumnNames = Object.fromEntries(Object.entries(getTableColumns(cases)).map(([key, column]) => [key, column.name]));
const eventColumnNames = Object.fromEntries(Object.entries(getTableColumns(caseEvents)).map(([key, column]) => [key, column.name]));

/** Rows keyed as drizzle keys them, written in one statement: one jsonb parameter, any number of rows. */
const writeRows = async (db: Db, table: string, names: Record<string, string>, rows: readonly Record<string, unknown>[]) => {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const columns = keys.map((key) => names[key]!);
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key, i) => [columns[i], row[key] ?? null]))));
  const list = columns.map((column) => `"${column}"`).join(', ');
  await db.execute(sql`insert into ${sql.raw(table)} (${sql.raw(list)}) select ${sql.raw(list)} from jsonb_populate_recordset(null::${sql.raw(table)}, ${json}::jsonb)`);
};

// --- demo templates ---------------------------------------------------------------------------

interface Template {
  readonly line: string;
  readonly state: string;
  readonly number: string;
  readonly enterpriseName: string | null;
  readonly events: ReturnType<typeof toChainedEvent>[];
}

const readTemplates = async (db: Db): Promise<Template[]> => {
  const caseRows = await db.select({ id: cases.id, line: cases.line, state: cases.state, number: cases.number, enterpriseName: cases.enterpriseName }).from(cases).where(sql`${cases.tenantId} = ${TENANT}`).orderBy(cases.number);
  const eventRows = await db.select().from(caseEvents).where(sql`${caseEvents.tenantId} = ${TENANT}`).orderBy(caseEvents.caseId, caseEvents.seq);
  const byCase = new Map<string, ReturnType<typeof toChainedEvent>[]>();
  for (const row of eventRows) {
    const list = byCase.get(row.caseId) ?? [];
    list.push(toChainedEvent(row));
    byCase.set(row.caseId, list);
  }
  return caseRows
    .map((row) => ({ line: row.line, state: row.state, number: row.number, enterpriseName: row.enterpriseName, events: byCase.get(row.id) ?? [] }))
    // A merge names another demo case, a file an attachment row, an imported row its import (unique per row): not cloned.
    .filter((t) => t.events.length > 0 && !JSON.stringify(t.events.map((e) => e.event.payload)).match(/"mergedInto"|"attachmentIds"|"fileId"|"attachmentId"|"importedFrom"|"externalRef"/));
};

/** A demo case's events on a new case: new id, number, enterprise and times; sealed and replayed. */
const cloneTemplate = (template: Template, row: StageRow, number: string, enterprise: { unitId: string; name: string; creditCode: string }) => {
  const keys = KEYS;
  const first = Date.parse(template.events[0]!.event.at);
  const last = Date.parse(template.events[template.events.length - 1]!.event.at);
  const t0 = Date.parse(row.registered_at);
  const span = Math.max(Date.parse(row.updated_at) - t0, 3_600_000);
  const scale = last > first ? Math.min(1, span / (last - first)) : 0;
  let record: CaseRecord | null = null;
  let prevHash = GENESIS_HASH;
  const eventRows: (typeof caseEvents.$inferInsert)[] = [];
  template.events.forEach(({ event: stored }, i) => {
    let payload = stored.payload as Record<string, unknown>;
    if (stored.type === 'register') {
      const title = typeof payload.title === 'string' && template.enterpriseName ? payload.title.replaceAll(template.enterpriseName, enterprise.name) : payload.title;
      payload = { ...payload, number, title, enterprise: payload.enterprise === null ? null : { ...(payload.enterprise as object), ...enterprise } };
    }
    const at = new Date(t0 + Math.round((Date.parse(stored.at) - first) * scale) + i).toISOString();
    const placed = { ...stored, caseId: row.id, payload, at };
    const hash = eventHash(keys, placed, prevHash);
    record = evolve(record, upcastEvent(placed, template.line) as CaseEvent);
    eventRows.push({
      tenantId: TENANT,
      caseId: row.id,
      seq: placed.seq,
      type: placed.type,
      payload,
      actorId: placed.actor.id,
      actorRole: placed.actor.role,
      actorName: placed.actor.name,
      at: new Date(at),
      rule: placed.rule,
      stateBefore: placed.stateBefore,
      stateAfter: placed.stateAfter,
      deadline: placed.deadline,
      prevHash,
      hash,
    });
    prevHash = hash;
  });
  return { caseRow: { id: row.id, tenantId: TENANT, ...projectionColumns(record as unknown as CaseRecord, prevHash) }, eventRows };
};

// --- main -------------------------------------------------------------------------------------

const { values: options } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    database: { type: 'string', default: 'cx_province' },
    data: { type: 'string', default: './province-data' },
    keys: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    enterprises: { type: 'string', default: '20000' },
    templates: { type: 'string', default: '0.08' },
    'mean-progress': { type: 'string', default: '18' },
    batch: { type: 'string', default: '1000' },
  },
});
const COUNT = Number(options.cases);
const ENTERPRISES = Number(options.enterprises);
const TEMPLATE_SHARE = Number(options.templates);
const MEAN_PROGRESS = Number(options['mean-progress']);
const BATCH = Number(options.batch);
const keysFile = options.keys ?? `${options.database}.key`;

/** The run's sealing keys, a real key file (`loadKeys` creates it), so that `verify-audit` can check the chains later. */
if (options.fresh) rmSync(keysFile, { force: true });
const KEYS = await loadKeys(resolve(keysFile));

/** Extra progress reports of a case: a long tail, ~0.5 % near 200, the rest exponential. */
const extraProgressOf = (id: string): number => {
  const u = draw(id, 2);
  if (u < 0.005) return 185 + Math.floor(draw(id, 3) * 15);
  return Math.min(120, Math.floor(-Math.log(1 - draw(id, 3) * 0.999) * MEAN_PROGRESS));
};

const openTarget = async () => {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    mkdirSync(options.data, { recursive: true });
    return { database: await openDatabase({ dataDir: options.data }), label: `PGlite (${options.data})` };
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if (options.fresh) await admin.query(`drop database if exists ${options.database} with (force)`);
  const exists = await admin.query('select 1 from pg_database where datname = $1', [options.database]);
  if (exists.rowCount === 0) await admin.query(`create database ${options.database}`);
  // A bench database: a lost last second on a crash is acceptable, a flush per statement is not.
  await admin.query(`alter database ${options.database} set synchronous_commit = off`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${options.database}`;
  return { database: await openDatabase({ databaseUrl: url.toString() }), label: `PostgreSQL (database ${options.database})` };
};

const main = async () => {
  const started = performance.now();
  const { database, label } = await openTarget();
  const { db } = database;
  const log = (message: string) => console.error(`# ${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s  ${message}`);
  try {
    const existing = await db.execute<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${TENANT}`);
    if ((existing.rows[0]?.n ?? 0) > 0) throw new Error(`${label} already has cases; use --fresh`);
    log(`seeding ${COUNT.toLocaleString('en')} cases on ${label}`);
    await seedReferenceData(db, TENANT);
    await seedBenchAccounts(db, TENANT);
    const app: AppContext = { db, tenantId: TENANT, clock: () => DEMO_NOW, keys: KEYS };
    const demo = await seedDemo(app, { now: DEMO_NOW });
    const templates = await readTemplates(db);
    log(`demo: ${demo.cases} cases, ${demo.events} events; ${templates.length} usable as templates over ${new Set(templates.map((t) => `${t.line}/${t.state}`)).size} line/state pairs`);
    await seedBenchEnterprises(db, TENANT);
    await seedProvinceEnterprises(db, ENTERPRISES);
    log(`${ENTERPRISES.toLocaleString('en')} enterprises`);

    const staging = performance.now();
    await db.execute(sql.raw(`drop table if exists ${STAGE}`));
    await db.execute(sql.raw(`create unlogged table ${STAGE} (like cases including defaults)`));
    // Not the text search's grams: LIKE copies the column (not null) without its generation.
    await db.execute(sql.raw(`alter table ${STAGE} drop column search_grams`));
    await stageCaseRows(db, { tenantId: TENANT, count: COUNT, table: STAGE, batchSize: 50_000, onBatch: (n) => n % 200_000 === 0 && log(`staged ${n.toLocaleString('en')}`) });
    await db.execute(sql.raw(`create index ${STAGE}_order_idx on ${STAGE} (registered_at, id)`));
    const stageMs = performance.now() - staging;
    log(`staged in ${(stageMs / 1000).toFixed(1)} s`);

    // Bulk load: the secondary indexes of cases and case_events are dropped and built again at the
    // end (the keys and constraints stay); asynchronous commit on PostgreSQL.
    const secondary = (
      await db.execute<{ indexname: string; indexdef: string }>(sql`
        select indexname, indexdef from pg_indexes
        where schemaname = 'public' and tablename in ('cases', 'case_events')
          and indexname not in (select conname from pg_constraint)`)
    ).rows;
    for (const index of secondary) await db.execute(sql.raw(`drop index ${index.indexname}`));
    log(`dropped ${secondary.length} secondary indexes for the load`);

    const building = performance.now();
    const counters = new Map<string, number>();
    const nextNumber = (template: Template, registeredAt: string) => {
      const prefix = template.number.replace(/\d.*$/, '');
      const year = new Date(Date.parse(registeredAt) + 8 * 3_600_000).getUTCFullYear();
      const key = `${prefix}${year}`;
      const next = (counters.get(key) ?? 900_000) + 1;
      counters.set(key, next);
      return `${key}-${next}`;
    };
    let written = 0;
    let events = 0;
    let cloned = 0;
    let buildMs = 0;
    let pending: Promise<void> = Promise.resolve();
    for (let after: { at: string; id: string } | null = null; ; ) {
      const page: { rows: StageRow[] } = await db.execute<StageRow>(sql`
        select id, state, case when line = 'policy' then 'arrears' else line end as line, source, deadline::text as deadline,
               to_char(registered_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as registered_at,
               to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated_at,
               responsible_unit_id, handling_unit_id, jurisdiction_id, lead_unit_id,
               claimed_amount, confirmed_amount, paid_amount, detail
        from ${sql.raw(STAGE)}
        ${after === null ? sql`` : sql`where (registered_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)`}
        order by registered_at, id
        limit ${BATCH}`);
      const rows = page.rows;
      if (rows.length === 0) break;
      const t = performance.now();
      const built = rows.map((row) => {
        if (draw(row.id, 0) < TEMPLATE_SHARE && templates.length > 0) {
          const template = templates[Math.floor(draw(row.id, 1) * templates.length)]!;
          const detail = (typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail) as { enterprise: { unitId: string; name: string; creditCode: string } };
          cloned += 1;
          return cloneTemplate(template, row, nextNumber(template, row.registered_at), detail.enterprise);
        }
        return buildCase(TENANT, KEYS, row, extraProgressOf(row.id));
      });
      buildMs += performance.now() - t;
      await pending;
      const caseRows = built.map((b) => b.caseRow);
      const eventRows = built.flatMap((b) => b.eventRows);
      pending = (async () => {
        await writeRows(db, 'cases', caseColumnNames, caseRows);
        for (let i = 0; i < eventRows.length; i += 20_000) await writeRows(db, 'case_events', eventColumnNames, eventRows.slice(i, i + 20_000));
      })();
      written += rows.length;
      events += eventRows.length;
      if (written % 50_000 < BATCH) {
        const s = (performance.now() - building) / 1000;
        log(`built ${written.toLocaleString('en')} cases, ${events.toLocaleString('en')} events (${Math.round(written / s)} cases/s, ${Math.round(events / s)} events/s)`);
      }
      const last: StageRow = rows[rows.length - 1]!;
      after = { at: last.registered_at, id: last.id };
      if (rows.length < BATCH) break;
    }
    await pending;
    const writeMs = performance.now() - building;
    const indexing = performance.now();
    for (const index of secondary) await db.execute(sql.raw(index.indexdef));
    const indexMs = performance.now() - indexing;
    log(`rebuilt ${secondary.length} indexes in ${(indexMs / 1000).toFixed(1)} s`);
    await db.execute(sql.raw(`drop table ${STAGE}`));
    // The application's counters continue after the highest number of each series.
    await db.execute(sql`
      insert into ${caseCounters} (tenant_id, prefix, year, next_value)
      select ${TENANT}, substring(number from '^[A-Z]+'), substring(number from '^[A-Z]+(\\d{4})')::int,
             max(substring(number from '-(\\d+)$')::int) + 1
      from cases where tenant_id = ${TENANT} group by 2, 3
      on conflict (tenant_id, prefix, year) do update set next_value = excluded.next_value`);

    const analyzing = performance.now();
    await db.execute(sql`vacuum analyze cases`);
    await db.execute(sql`vacuum analyze case_events`);
    await db.execute(sql`analyze units`);
    const analyzeMs = performance.now() - analyzing;
    const summary = (
      await db.execute<Record<string, string | number>>(sql`
        select (select count(*)::int from cases) as cases, (select count(*)::int from case_events) as events,
               (select count(distinct line)::int from cases) as lines, (select count(distinct state)::int from cases) as states,
               (select count(distinct (line, state))::int from cases) as line_states,
               (select max(version)::int from cases) as max_events,
               pg_size_pretty(pg_total_relation_size('cases')) as cases_size,
               pg_size_pretty(pg_total_relation_size('case_events')) as events_size,
               pg_size_pretty(pg_database_size(current_database())) as database_size`)
    ).rows[0]!;
    const byLine = (await db.execute<{ line: string; state: string; n: number }>(sql`select line, state, count(*)::int as n from cases group by 1, 2 order by 1, 2`)).rows;
    console.log(
      JSON.stringify(
        {
          label,
          requested: COUNT,
          cloned,
          stageS: +(stageMs / 1000).toFixed(1),
          buildAndWriteS: +(writeMs / 1000).toFixed(1),
          javascriptS: +(buildMs / 1000).toFixed(1),
          indexS: +(indexMs / 1000).toFixed(1),
          analyzeS: +(analyzeMs / 1000).toFixed(1),
          casesPerS: Math.round(written / (writeMs / 1000)),
          eventsPerS: Math.round(events / (writeMs / 1000)),
          totalS: +((performance.now() - started) / 1000).toFixed(1),
          ...summary,
          byLineState: byLine.map((r) => `${r.line}/${r.state}: ${r.n}`).join(', '),
        },
        null,
        2,
      ),
    );
  } finally {
    await database.close();
  }
};

await main();
