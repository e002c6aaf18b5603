/**
 * What the authorization matrix reads of the demo city besides its cases: units and
 * jurisdictions, and the few objects the demo does not make — a pending enterprise
 * registration, a webhook subscription, accounts that are not the published demo ones, an
 * upload not yet linked, a case with a file and an extension asked for — made through the API
 * before the matrix runs.
 */
import { eq } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import type { LedMatrixRow } from '../../../src/domain/access/case-policy.ts';
import { addCalendarDays, todayInShanghai, type LocalDate } from '../../../src/domain/calendar.ts';
import { makeCreditCode } from '../../../src/domain/credit-code.ts';
import type { PromiseLead } from '../../../src/domain/investment/access.ts';
import { units, type Jurisdiction } from '../../../src/db/schema.ts';
import { JURISDICTION_IDS, LOCAL_UNIT_IDS } from '../../../src/db/seed/hanjiang.ts';
import type { DemoUsername } from '../../../src/demo/accounts.ts';
import { DEMO_ENTERPRISES } from '../../../src/demo/enterprises.ts';
import { loadPromiseLead } from '../../../src/investment/register-store.ts';
import { ledMatrixRows, listJurisdictions } from '../../../src/reference/reference-data.ts';
import type { DemoApp } from '../demo-app.ts';
import { multipart } from '../multipart.ts';

/** A unit as the rules read it. */
export interface WorldUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly creditCode: string | null;
  readonly jurisdictionId: string;
}

export interface MatrixWorld {
  readonly demo: DemoApp;
  readonly today: LocalDate;
  readonly units: ReadonlyMap<string, WorldUnit>;
  readonly jurisdictions: readonly Jurisdiction[];
  /** 市招商局, the lead of the promise register (the matrix row `investment_promises`). */
  readonly lead: PromiseLead;
  /** The responsibility matrix's rows a demo account's unit leads (what a lead bureau registers, S3). */
  readonly ledRows: (unitId: string | null) => readonly LedMatrixRow[];
}

/** A unit by id. @throws when the demo has no such unit (a fixture out of date) */
export const unitOf = (world: MatrixWorld, id: string): WorldUnit => {
  const unit = world.units.get(id);
  if (unit === undefined) throw new Error(`no unit ${id} in the demo city`);
  return unit;
};

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(512, 0x20), Buffer.from('\n%%EOF\n')]);

/** Sends a request that makes a fixture, as `username`; returns what was made. @throws when it is refused */
const make = async <T = { id: string }>(demo: DemoApp, username: DemoUsername | null, options: InjectOptions): Promise<T> => {
  const response = await demo.request(username, { method: 'POST', ...options });
  if (response.statusCode >= 300) throw new Error(`${options.url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
};

/** Uploads a PDF as `username`; returns its id. */
const upload = async (demo: DemoApp, username: DemoUsername, fileName: string): Promise<string> =>
  (await make(demo, username, { url: '/api/attachments', ...multipart(fileName, pdf()) })).id;

/** The objects the demo does not make, each made by whoever makes it in the city. */
const addFixtures = async (demo: DemoApp): Promise<void> => {
  const created = (username: DemoUsername | null, url: string, payload: object) => make(demo, username, { url, payload });
  await created(null, '/api/enterprise-registrations', {
    creditCode: makeCreditCode('91422900MA4MTX001'),
    enterpriseName: '汉江市矩阵测试科技有限公司',
    jurisdictionId: JURISDICTION_IDS.jiangbei,
    contactName: '黄海涛',
    contactPhone: '13912345678',
    username: 'juzhen-keji',
    password: 'Juzhen#Keji2026',
  });
  await created('sysadmin', '/api/webhook-subscriptions', { url: 'https://hooks.example.org/chengxin', eventTypes: [] });
  // Accounts that are not the published demo ones: their passwords and second factors may be reset.
  await created('sysadmin', '/api/accounts', { username: 'hd-zhujian', displayName: '赵敏', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.handong.zhujianju, phone: '13800138000' });
  await created('sysadmin', '/api/accounts', { username: 'jb-yiyuan', displayName: '钱进', role: 'unit_handler', unitId: LOCAL_UNIT_IDS.jiangbei.institution });
  await upload(demo, 'hd-jiaoyu', '自查报告.pdf');
  const chufeng = DEMO_ENTERPRISES.chufeng;
  const registered = await make<{ id: string; version: number; deadline: LocalDate }>(demo, 'yingshangban', {
    url: '/api/cases',
    payload: {
      line: 'arrears',
      source: 'assigned',
      title: '校舍维修工程尾款',
      facts: '2025年完工的校舍维修工程，尾款未付。',
      instruction: '请于十个工作日内核实。',
      enterprise: { name: chufeng.name, creditCode: chufeng.creditCode },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 12_000_000,
      attachmentIds: [await upload(demo, 'yingshangban', '工程结算单.pdf')],
    },
  });
  // An extension the responsible unit asked for, which 营商办 is to approve (the demo has none pending).
  await make(demo, 'hd-jiaoyu', {
    url: `/api/cases/${registered.id}/actions`,
    payload: { action: 'request_extension', expectedVersion: registered.version, newDeadline: addCalendarDays(registered.deadline, 30), reason: '需调取2025年工程结算资料' },
  });
};

/** The demo city with the matrix's fixtures, and what every kind's rules read. */
export const loadWorld = async (demo: DemoApp): Promise<MatrixWorld> => {
  await addFixtures(demo);
  const { db, app } = demo;
  const rows = await db
    .select({ id: units.id, name: units.name, kind: units.kind, creditCode: units.creditCode, jurisdictionId: units.jurisdictionId })
    .from(units)
    .where(eq(units.tenantId, app.tenantId));
  const led = new Map<string | null, LedMatrixRow[]>();
  for (const { actor } of demo.people) led.set(actor.unitId, await ledMatrixRows(db, app.tenantId, actor.unitId));
  return {
    demo,
    today: todayInShanghai(app.clock()),
    ledRows: (unitId) => led.get(unitId) ?? [],
    units: new Map(rows.map((row) => [row.id, row])),
    jurisdictions: await listJurisdictions(db, app.tenantId),
    lead: await loadPromiseLead(db, app.tenantId),
  };
};
