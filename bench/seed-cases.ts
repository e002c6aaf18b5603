/**
 * Bulk-loads N synthetic but realistic arrears cases straight into `cases`, for the ledger
 * benchmark. One `insert … select … from generate_series` per batch: the rows are computed in
 * the database, so 100,000 cases take seconds instead of the hours that 100,000 runs of
 * `registerCase` + `performCaseAction` would.
 *
 * What is loaded (the same on PGlite and PostgreSQL: every draw is a hash of the row number,
 * `hashint8extended(g, k)`, so both backends get identical data):
 * - tenant as given (the bench uses 'hanjiang'), reference data already seeded;
 * - 97 % line `arrears` (numbers `QK2025-000001`…, `QK2026-000001`…, one series per line and
 *   registration year, six digits), 3 % `policy` from a 台账导入 (`HQ…`);
 * - responsible unit uniform over the tenant's public units (`units.kind <> 'enterprise'`),
 *   jurisdiction = that unit's jurisdiction, lead and cooperating bureaus from the
 *   responsibility matrix exactly as `supervisorsFor` picks them;
 * - the creditor one of 20 enterprise units (`ent-bench-NN`) added by `seedBenchEnterprises`;
 * - registered_at increasing with the row number (the heap is in registration order, as a
 *   table that is appended to over two years is) from 2025-01-01 to 2026-11-20, ms precision
 *   like the timestamps the application writes;
 * - states over all 11 states of the arrears line; older cases are mostly closed or dismissed;
 * - amounts in 分 (claims of 2万–1000万元, log-uniform), 0 ≤ paid ≤ confirmed;
 * - deadlines spread ±200 days around 2026-06-01 (none while litigating, closed or dismissed);
 * - `detail` a coherent `CaseRecord` (enterprise, parties, cooperatingUnitIds, plan, payments,
 *   feedback, …) built from the same values as the columns.
 * `case_events` gets what the ledger's `paidFrom`/`paidTo` filter reads (`seedBenchEvents`): a
 * `register` event per case and a `record_payment` event per payment in `detail.payments`, with
 * placeholder hashes. These cases therefore fail `verify-audit`; use them for read benchmarks only.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../src/db/connection.ts';
import { makeCreditCode } from '../src/domain/credit-code.ts';
import { caseCounters, units } from '../src/db/schema.ts';

/** Creditors: fictional private enterprises of 汉江市 (division codes 4229xx are unused). */
export const BENCH_ENTERPRISES = [
  ['汉江市楚风建筑工程有限公司', '422900'],
  ['湖北汉水智能装备有限公司', '422971'],
  ['汉东区绿源环保科技有限公司', '422902'],
  ['汉江市鑫达路桥工程有限公司', '422900'],
  ['江北区恒信医疗器械有限公司', '422903'],
  ['汉江市博雅教育装备有限公司', '422900'],
  ['湖北江汉数字科技有限公司', '422972'],
  ['青山县丰源农业开发有限公司', '422921'],
  ['汉江市华景园林绿化工程有限公司', '422900'],
  ['临江区宏图物业服务有限公司', '422904'],
  ['丰乐市金石建材有限公司', '422981'],
  ['汉江市天衡工程造价咨询有限公司', '422900'],
  ['石门县远航运输有限公司', '422922'],
  ['汉江市明德办公家具有限公司', '422900'],
  ['湖北云帆软件开发有限公司', '422971'],
  ['汉江市安居装饰工程有限公司', '422900'],
  ['江北区盛世印务有限公司', '422903'],
  ['汉江市清源水处理设备有限公司', '422972'],
  ['临江区泰和劳务服务有限公司', '422904'],
  ['汉江市正通电力工程有限公司', '422900'],
] as const;

const ORGANIZATION_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid GB 32100 code: 91 + division + "MA4" + 6 characters from the index. */
const benchCreditCode = (division: string, index: number): string => {
  let body = '';
  for (let value = 7919 * (index + 1) + 104729, i = 0; i < 6; i += 1, value = Math.floor(value / 31)) {
    body = ORGANIZATION_CHARS[value % 31]! + body;
  }
  return makeCreditCode(`91${division}MA4${body}`);
};

/** Adds the creditor enterprises as `enterprise` units of the tenant (idempotent). */
export const seedBenchEnterprises = async (db: Db, tenantId: string): Promise<void> => {
  await db
    .insert(units)
    .values(
      BENCH_ENTERPRISES.map(([name, division], index) => ({
        id: `ent-bench-${String(index + 1).padStart(2, '0')}`,
        tenantId,
        name,
        kind: 'enterprise' as const,
        creditCode: benchCreditCode(division, index),
        jurisdictionId: 'city',
      })),
    )
    .onConflictDoNothing({ target: [units.tenantId, units.id] });
};

/** A uniform draw in [0, 1), deterministic in the row number `g` and the draw number `k`. */
const r = (k: number) => `((hashint8extended(g, ${k}) & 2147483647)::float8 / 2147483648.0)`;

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

const REGISTERED_FROM = '2025-01-01T00:00:00+08:00';
const REGISTERED_TO = '2026-11-20T00:00:00+08:00';
const SPAN_SECONDS = (Date.parse(REGISTERED_TO) - Date.parse(REGISTERED_FROM)) / 1000;

const OPEN_STATES_BY_WEIGHT = `case
  when rs < 0.10 then 'registered'
  when rs < 0.24 then 'negotiating'
  when rs < 0.29 then 'mediating'
  when rs < 0.34 then 'litigating'
  when rs < 0.44 then 'planning'
  when rs < 0.51 then 'awaiting_consent'
  when rs < 0.79 then 'performing'
  when rs < 0.86 then 'settled'
  when rs < 0.96 then 'feedback_submitted'
  when rs < 0.98 then 'closed'
  else 'dismissed' end`;

/**
 * The INSERT for rows `lo`..`hi` of `n`. The numbering window runs over all `n` rows (cheap:
 * two columns) so that batches get consecutive numbers per line and year.
 */
const insertBatch = (tenantId: string, n: number, lo: number, hi: number, table = 'cases') => sql`
with
pub as (
  select row_number() over (order by u.id) as k, u.id, u.name, u.kind, u.jurisdiction_id,
         j.parent_id is null as city_level, rm.lead_unit_id as arrears_lead,
         coalesce(rm.cooperating_unit_ids, '[]'::jsonb) as arrears_coop
  from units u
  join jurisdictions j on j.id = u.jurisdiction_id
  left join lateral (
    -- what supervisorsFor picks: the first matrix row of the line for the debtor's kind and level
    select m.lead_unit_id, m.cooperating_unit_ids from responsibility_matrix m
    where m.tenant_id = u.tenant_id and m.line = 'arrears' and m.debtor_kinds ? u.kind
      and (m.debtor_level is null or m.debtor_level = case when j.parent_id is null then 'city' else 'county' end)
    order by m.sort limit 1
  ) rm on true
  where u.tenant_id = ${tenantId} and u.kind <> 'enterprise'
),
ent as (
  select row_number() over (order by id) as k, id, name, credit_code
  from units where tenant_id = ${tenantId} and kind = 'enterprise' and id like 'ent-bench-%'
),
sizes as (select (select count(*) from pub) as np, (select count(*) from ent) as ne),
city_gov as (select government_unit_id as id from jurisdictions where tenant_id = ${tenantId} and parent_id is null),
base as (
  select g,
    date_trunc('milliseconds', timestamptz ${sql.raw(`'${REGISTERED_FROM}'`)}
      + ((g - 1 + 0.9 * ${sql.raw(r(1))}) * ${sql.raw(String(SPAN_SECONDS))} / ${sql.raw(String(n))}) * interval '1 second') as registered_at,
    case when ${sql.raw(r(2))} < 0.97 then 'arrears' else 'policy' end as line
  from generate_series(1, ${sql.raw(String(n))}) g
),
numbered as (
  select b.*, row_number() over (partition by line, extract(year from registered_at at time zone 'Asia/Shanghai') order by g) as seq,
         extract(year from registered_at at time zone 'Asia/Shanghai')::int as reg_year
  from base b
),
drawn as (
  select nb.*, p.id as unit_id, p.name as unit_name, p.kind as unit_kind, p.jurisdiction_id, p.city_level,
         p.arrears_lead, p.arrears_coop, e.id as ent_id, e.name as ent_name, e.credit_code as ent_code,
         ${sql.raw(r(5))} as rs,
         -- the older the case, the likelier it is finished
         ${sql.raw(r(6))} < 0.75 * (1 - g::float8 / ${sql.raw(String(n))}) as finished,
         ${sql.raw(r(7))} as r_finished
  from numbered nb
  cross join sizes
  join pub p on p.k = 1 + floor(${sql.raw(r(3))} * sizes.np)::int
  join ent e on e.k = 1 + floor(${sql.raw(r(4))} * sizes.ne)::int
  where g between ${sql.raw(String(lo))} and ${sql.raw(String(hi))}
),
stated as (
  select d.*,
    case
      when line = 'policy' then (case when rs < 0.15 then 'registered' when rs < 0.35 then 'planning'
                                      when rs < 0.60 then 'performing' when rs < 0.70 then 'settled' else 'closed' end)
      when finished then (case when r_finished < 0.85 then 'closed' else 'dismissed' end)
      else ${sql.raw(OPEN_STATES_BY_WEIGHT)}
    end as state,
    (round(exp(ln(20000) + ${sql.raw(r(8))} * ln(500))) * 100)::bigint as claimed
  from drawn d
),
valued as (
  select s.*,
    s.state in ('mediating', 'litigating') as escalated,
    case when s.state in ('planning', 'awaiting_consent', 'performing', 'settled', 'feedback_submitted', 'closed')
         then (s.claimed * (0.8 + 0.2 * ${sql.raw(r(9))}))::bigint end as confirmed,
    case when s.state in ('litigating', 'closed', 'dismissed') then null
         else date '2026-06-01' + (floor(${sql.raw(r(10))} * 401)::int - 200) end as deadline,
    s.registered_at + case when s.state = 'registered' then interval '0' else ${sql.raw(r(11))} * interval '120 days' end as updated_at,
    (array['工程款', '货款', '材料款', '设备采购款', '物业服务费', '设计费', '监理费', '运输费', '维修款', '软件开发费'])[1 + floor(${sql.raw(r(12))} * 10)::int] as work,
    case
      when s.line = 'policy' then 'import'
      else (array['self_inspection', 'self_inspection', 'self_inspection', 'assigned', 'assigned', 'petition',
                  'complaint_platform', 'complaint_platform', 'provincial_platform', 'enterprise', 'enterprise', 'audit'])[1 + floor(${sql.raw(r(13))} * 12)::int]
    end as source,
    ${sql.raw(r(14))} as r_paid,
    ${sql.raw(r(15))} as r_misc
  from stated s
),
final as (
  select v.*,
    ${sql.raw(`'${tenantId.replace(/'/g, "''")}'`)} as tenant_id,
    overlay(overlay(md5('bench-case-' || g) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid as id,
    (case line when 'arrears' then 'QK' else 'HQ' end) || reg_year || '-' || lpad(seq::text, 6, '0') as number,
    v.unit_name || '拖欠' || v.work as title,
    case when v.escalated and not v.city_level then (select id from city_gov) else v.unit_id end as handling_unit_id,
    case when v.line = 'arrears' then v.arrears_lead end as lead_unit_id,
    case when v.line = 'arrears' then v.arrears_coop else '[]'::jsonb end as cooperating,
    case
      when v.state = 'performing' then floor(v.confirmed * 0.9 * v.r_paid)::bigint
      when v.state in ('settled', 'feedback_submitted', 'closed') then v.confirmed
      else 0
    end as paid,
    case
      when v.line = 'policy' then (case v.state when 'registered' then 'S3' when 'planning' then 'P3' when 'closed' then 'G3' else 'P2' end)
      else (case v.state
        when 'registered' then 'S3' when 'dismissed' then 'S3' when 'negotiating' then 'A4' when 'mediating' then 'A5'
        when 'litigating' then 'A6' when 'closed' then 'G3'
        when 'planning' then 'A3' when 'awaiting_consent' then 'A3'
        else (case when v.confirmed <= 50000000 then 'A1' else 'A3' end) end)
    end as rule,
    v.state = 'performing' and v.r_misc < 0.02 as year_exception,
    case when v.state in ('closed', 'dismissed') then v.updated_at end as closed_at,
    (case v.state
      when 'registered' then 1 when 'dismissed' then 2 when 'negotiating' then 2 when 'planning' then 2
      when 'awaiting_consent' then 3 when 'mediating' then 3 when 'litigating' then 4 when 'performing' then 4
      when 'settled' then 5 when 'feedback_submitted' then 6 else 7 end)
      + case when v.state = 'registered' then 0 else floor(v.r_misc * 4)::int end as version,
    coalesce(v.deadline, v.registered_at::date + 60) as due_on,
    (v.registered_at at time zone 'Asia/Shanghai')::date + 7 as confirmed_on
  from valued v
)
insert into ${sql.raw(table)} (
  id, tenant_id, number, line, source, state, title, enterprise_unit_id, enterprise_name, enterprise_credit_code,
  responsible_unit_id, handling_unit_id, jurisdiction_id, lead_unit_id, claimed_amount, confirmed_amount, paid_amount,
  rule, deadline, year_exception, year_rule_due_on, registered_at, updated_at, closed_at, version, head_hash, detail
)
select
  id, tenant_id, number, line, source, state, title, ent_id, ent_name, ent_code,
  unit_id, handling_unit_id, jurisdiction_id, lead_unit_id, claimed, confirmed, paid,
  rule, deadline, year_exception,
  -- A2: the arrears line's year rule, the due date of a lump sum (its module's yearRule).
  case when line = 'arrears' and state in ('performing', 'settled', 'feedback_submitted', 'closed') and confirmed <= 50000000 then due_on end,
  registered_at, updated_at, closed_at, version,
  md5('bench-head-a-' || g) || md5('bench-head-b-' || g),
  jsonb_build_object(
    'id', id, 'number', number, 'line', line, 'source', source, 'state', state, 'title', title,
    'facts', '企业反映：' || unit_name || '尚欠' || work || '未付，合同约定的付款期限已届满。',
    'instruction', null,
    'enterprise', jsonb_build_object('unitId', ent_id, 'name', ent_name, 'creditCode', ent_code),
    'responsibleUnitId', unit_id, 'handlingUnitId', handling_unit_id, 'jurisdictionId', jurisdiction_id,
    'leadUnitId', lead_unit_id, 'cooperatingUnitIds', cooperating, 'attachments', '[]'::jsonb,
    'claimedAmount', claimed, 'confirmedAmount', confirmed, 'paidAmount', paid,
    'arrears', case
      when line <> 'arrears' or state in ('registered', 'dismissed') then null
      when confirmed is null then jsonb_build_object('disputed', true, 'confirmedOn', null, 'paymentDifficulty', null)
      else jsonb_build_object('disputed', false, 'confirmedOn', ${sql.raw(day('confirmed_on'))},
        'paymentDifficulty', case when confirmed > 50000000 then '财政资金紧张，需分期支付' end)
    end,
    'plan', case when state in ('performing', 'settled', 'feedback_submitted', 'closed') then
      case when confirmed <= 50000000 then jsonb_build_object('kind', 'lump_sum', 'rule', 'A1', 'installments',
          jsonb_build_array(jsonb_build_object('seq', 1, 'dueOn', ${sql.raw(day('due_on'))}, 'amount', confirmed)))
        else jsonb_build_object('kind', 'installments', 'rule', 'A3', 'installments', jsonb_build_array(
          jsonb_build_object('seq', 1, 'dueOn', ${sql.raw(day('due_on'))}, 'amount', confirmed / 2),
          jsonb_build_object('seq', 2, 'dueOn', ${sql.raw(day('due_on + 90'))}, 'amount', confirmed - confirmed / 2)))
      end end,
    'proposedPlan', case when state = 'awaiting_consent' then jsonb_build_object('kind', 'installments', 'rule', 'A3',
      'installments', jsonb_build_array(jsonb_build_object('seq', 1, 'dueOn', ${sql.raw(day('due_on'))}, 'amount', confirmed))) end,
    'payments', case when paid > 0 then jsonb_build_array(jsonb_build_object(
      'paidOn', ${sql.raw(day('updated_at::date'))}, 'amount', paid, 'voucher', '国库支付凭证' || g, 'recordedAt', ${sql.raw(iso('updated_at'))}))
      else '[]'::jsonb end,
    'escalated', escalated,
    'court', case when state = 'litigating' then '汉江市中级人民法院' end,
    'rule', rule, 'deadline', deadline,
    'yearException', case when year_exception then jsonb_build_object('status', 'approved', 'reason', '年度预算已用尽',
      'newDueOn', '2027-03-31', 'opinion', '同意跨年支付') end,
    'feedback', case when state in ('feedback_submitted', 'closed') then jsonb_build_object(
      'summary', '已全额支付，企业出具收款确认函。', 'documents', '[]'::jsonb, 'submittedAt', ${sql.raw(iso('updated_at'))}) end,
    'returnReason', null,
    'closingOpinion', case when state = 'closed' then '材料齐全，同意销号。' end,
    'dismissalReason', case when state = 'dismissed' then '不属于拖欠企业账款范围。' end,
    'rating', null,
    'supervisionLevel', case when state not in ('closed', 'dismissed') and r_misc > 0.9 then 'urging' end,
    'registeredAt', ${sql.raw(iso('registered_at'))}, 'updatedAt', ${sql.raw(iso('updated_at'))},
    'closedAt', ${sql.raw(iso('closed_at'))},
    'version', version
  )
from final
`;

/**
 * The events the ledger reads: `paidFrom`/`paidTo` is an EXISTS over `record_payment` events.
 * One `register` event per case (so that payments are a minority of the rows, as in a real
 * history) and one `record_payment` per payment of `detail.payments`; the chain hashes are
 * placeholders. Then `VACUUM ANALYZE case_events`.
 */
export const seedBenchEvents = async (db: Db, tenantId: string): Promise<{ events: number; payments: number; ms: number }> => {
  const started = performance.now();
  await db.execute(sql`
    insert into case_events (tenant_id, case_id, seq, type, payload, actor_id, actor_role, actor_name, at, rule,
                             state_before, state_after, deadline, prev_hash, hash)
    select tenant_id, id, 1, 'register', jsonb_build_object('title', title, 'claimedAmount', claimed_amount),
           'bench-yingshangban', 'business_office', '市营商办', registered_at, 'S3', null, 'registered', null,
           repeat('0', 64), md5('bench-event-1-' || id) || md5('bench-event-1b-' || id)
    from cases where tenant_id = ${tenantId}`);
  await db.execute(sql`
    insert into case_events (tenant_id, case_id, seq, type, payload, actor_id, actor_role, actor_name, at, rule,
                             state_before, state_after, deadline, prev_hash, hash)
    select c.tenant_id, c.id, 1 + p.ordinality::int, 'record_payment',
           jsonb_build_object('paidOn', p.value ->> 'paidOn', 'amount', (p.value ->> 'amount')::bigint, 'voucher', p.value ->> 'voucher'),
           'bench-handler', 'unit_handler', '经办人', (p.value ->> 'recordedAt')::timestamptz, c.rule, c.state, c.state, c.deadline,
           md5('bench-event-1-' || c.id) || md5('bench-event-1b-' || c.id), md5('bench-event-2-' || c.id) || md5('bench-event-2b-' || c.id)
    from cases c cross join lateral jsonb_array_elements(c.detail -> 'payments') with ordinality p
    where c.tenant_id = ${tenantId}`);
  await db.execute(sql`vacuum analyze case_events`);
  const counts = await db.execute<{ events: number; payments: number }>(sql`
    select count(*)::int as events, (count(*) filter (where type = 'record_payment'))::int as payments
    from case_events where tenant_id = ${tenantId}`);
  return { ...counts.rows[0]!, ms: performance.now() - started };
};

/** The application's counters continue after the loaded numbers. */
export const setCaseCounters = async (db: Db, tenantId: string): Promise<void> => {
  const counters = await db.execute<{ prefix: string; year: number; next_value: number }>(sql`
    select left(number, 2) as prefix, substr(number, 3, 4)::int as year, count(*)::int + 1 as next_value
    from cases where tenant_id = ${tenantId} group by 1, 2`);
  for (const row of counters.rows) {
    await db
      .insert(caseCounters)
      .values({ tenantId, prefix: row.prefix, year: row.year, nextValue: row.next_value })
      .onConflictDoUpdate({ target: [caseCounters.tenantId, caseCounters.prefix, caseCounters.year], set: { nextValue: row.next_value } });
  }
};

/**
 * The same rows as `seedCases`, written into `table` (a copy of `cases`' columns without its
 * indexes, e.g. `create table t (like cases including defaults)` less its generated
 * `search_grams`, which LIKE copies as a plain not-null column) instead of `cases`: the
 * parameters from which `seed-histories.ts` builds coherent event histories.
 */
export const stageCaseRows = async (
  db: Db,
  options: { tenantId: string; count: number; table: string; batchSize?: number; onBatch?: (loaded: number) => void },
): Promise<void> => {
  const batchSize = options.batchSize ?? 25_000;
  for (let lo = 1; lo <= options.count; lo += batchSize) {
    const hi = Math.min(options.count, lo + batchSize - 1);
    await db.execute(insertBatch(options.tenantId, options.count, lo, hi, options.table));
    options.onBatch?.(hi);
  }
};

export interface SeedCasesOptions {
  readonly tenantId: string;
  readonly count: number;
  /** Rows per INSERT; smaller batches keep PGlite's WebAssembly heap small. */
  readonly batchSize?: number;
  readonly onBatch?: (loaded: number) => void;
}

export interface SeedCasesResult {
  /** Milliseconds to insert the rows (with every index maintained). */
  readonly insertMs: number;
  /** Milliseconds of `VACUUM ANALYZE cases`. */
  readonly analyzeMs: number;
}

/**
 * Loads `count` cases for `tenantId`, whose reference data must already be seeded, then
 * vacuums and analyzes `cases`. Refuses a tenant that already has cases: the numbers would
 * clash.
 */
export const seedCases = async (db: Db, options: SeedCasesOptions): Promise<SeedCasesResult> => {
  const { tenantId, count } = options;
  const batchSize = options.batchSize ?? 25_000;
  const existing = await db.execute<{ n: number }>(sql`select count(*)::int as n from cases where tenant_id = ${tenantId}`);
  if ((existing.rows[0]?.n ?? 0) > 0) throw new Error(`tenant ${tenantId} already has cases; seed an empty database`);
  await seedBenchEnterprises(db, tenantId);

  const started = performance.now();
  for (let lo = 1; lo <= count; lo += batchSize) {
    const hi = Math.min(count, lo + batchSize - 1);
    await db.execute(insertBatch(tenantId, count, lo, hi));
    options.onBatch?.(hi);
  }
  await setCaseCounters(db, tenantId);
  const insertMs = performance.now() - started;

  // A steady state, as autovacuum would leave it: statistics for the planner, the visibility
  // map set, and no autovacuum starting in the middle of the measurements.
  const analyzing = performance.now();
  await db.execute(sql`vacuum analyze cases`);
  await db.execute(sql`analyze units`);
  return { insertMs, analyzeMs: performance.now() - analyzing };
};
