/**
 * Issue 11 point 6 (个人信息保护法): an enterprise is shown the unit that handles its matter, not
 * the officials who act on it. Over the demo city, with a rectification plan, an extension
 * request and its decision and a window consultation added through the API, every view an
 * enterprise reads is searched for each staff account's id and name as the accounts table holds
 * them; 营商办 reading the same views still sees the people.
 */
import type { FastifyInstance } from 'fastify';
import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import type { CaseView } from '../../src/cases/case-view.ts';
import { DEMO_PASSWORD, demoAccountId } from '../../src/demo/accounts.ts';
import { maskPhone } from '../../src/domain/accounts/account-fields.ts';
import { DEMO_ENTERPRISES } from '../../src/demo/enterprises.ts';
import { accounts, units } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { buildServer } from '../../src/http/server.ts';
import { backendName } from '../support/database.ts';
import { createDemoDatabase, type DemoDatabase } from '../support/demo-database.ts';

/** The demo city's day. */
const NOW = new Date('2026-11-26T10:00:00+08:00');
const CHUFENG = DEMO_ENTERPRISES.chufeng!;
const PERSON = { name: '周丽', post: '学前教育科科长', phone: '13907101234' };

type Username = 'qiye1' | 'qiye2' | 'yingshangban' | 'hd-jiaoyu';

interface Shown {
  id: string | null;
  role?: string;
  name: string;
}

describe(`an enterprise is shown the handling unit, not named officials (个人信息保护法, ${backendName})`, () => {
  let database: DemoDatabase['database'];
  let server: FastifyInstance;
  const tokens = new Map<Username, string>();
  /** Every staff account's id and name, as the accounts table holds them. */
  let staff: { id: string; name: string }[];
  const unitName = new Map<string, string>();
  let planCaseId: string;

  const request = async (username: Username, method: 'GET' | 'POST', url: string, payload?: object) => {
    if (!tokens.has(username)) {
      const signIn = await server.inject({ method: 'POST', url: '/api/session', payload: { username, password: DEMO_PASSWORD } });
      expect(signIn.statusCode, signIn.body).toBe(200);
      tokens.set(username, signIn.json<{ token: string }>().token);
    }
    const response = await server.inject({ method, url, headers: { authorization: `Bearer ${tokens.get(username)}` }, ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response;
  };
  const get = async <T>(username: Username, url: string): Promise<T> => (await request(username, 'GET', url)).json<T>();
  const act = async (username: Username, command: Record<string, unknown>) => {
    const { version } = await get<CaseView>('yingshangban', `/api/cases/${planCaseId}`);
    await request(username, 'POST', `/api/cases/${planCaseId}/actions`, { expectedVersion: version, ...command });
  };

  /** The staff account ids and names that a response contains. */
  const officialsIn = (body: string): string[] => staff.flatMap((account) => [account.id, account.name].filter((value) => body.includes(value)));
  /** The body of `url` as `username` reads it, checked to name no official. */
  const withoutOfficials = async <T>(username: Username, url: string): Promise<T> => {
    const response = await request(username, 'GET', url);
    expect(officialsIn(response.body), url).toEqual([]);
    return response.json<T>();
  };
  const office = () => unitName.get(UNIT_IDS.yingshangban)!;
  const bureau = () => unitName.get(LOCAL_UNIT_IDS.handong.jiaoyuju)!;

  beforeAll(async () => {
    const demo = await createDemoDatabase();
    database = demo.database;
    const app: AppContext = { db: database.db, tenantId: database.tenantId, clock: () => NOW, keys: demo.keys };
    server = await buildServer({ app, databaseKind: database.kind, demo: true });
    staff = await database.db
      .select({ id: accounts.id, name: accounts.displayName })
      .from(accounts)
      .where(and(eq(accounts.tenantId, database.tenantId), ne(accounts.role, 'enterprise')));
    for (const unit of await database.db.select({ id: units.id, name: units.name }).from(units)) unitName.set(unit.id, unit.name);

    // 楚风建筑 complains of 知晓难 (P1); 营商办 takes it on; the bureau's rectification plan names a
    // person, and the bureau asks for more time twice.
    const registered = await request('qiye1', 'POST', '/api/cases', {
      line: 'policy',
      source: 'enterprise',
      title: '汉东区教育局未在网站发布民办幼儿园奖补政策解读',
      facts: '区教育局网站首页未发布奖补政策解读和申兑指南，无从申报。',
      enterprise: { name: CHUFENG.name, creditCode: CHUFENG.creditCode },
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    });
    planCaseId = registered.json<CaseView>().id;
    await act('yingshangban', { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请汉东区教育局核实并限期整改。' });
    await act('hd-jiaoyu', { action: 'classify', classification: { line: 'policy', category: 'awareness', policy: '《汉江市促进民营经济高质量发展若干措施》第9条' } });
    await act('hd-jiaoyu', { action: 'propose_plan', rectification: { measures: ['在区教育局网站首页发布政策解读和申兑指南'], timeLimit: '2026-12-18', responsiblePerson: PERSON } });
    await act('hd-jiaoyu', { action: 'request_extension', newDeadline: '2026-12-25', reason: '申兑指南须经区政府常务会审议' });
    await act('yingshangban', { action: 'approve_extension', approved: true, opinion: '同意延至12月25日。' });
    await act('hd-jiaoyu', { action: 'request_extension', newDeadline: '2026-12-30', reason: '常务会改期' });
    await act('yingshangban', { action: 'supervise', level: 'urging', note: '请按期完成整改。' });
    await request('yingshangban', 'POST', '/api/window-services', {
      kind: 'consultation',
      channel: 'counter',
      enterpriseUnitId: CHUFENG.id,
      question: '装配式建筑奖补如何申报？',
      answer: '按申兑指南准备材料，网上申报。',
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.close();
  });

  it('names the unit of each official in the case history, the deadline story and the intake, with the role kept, and its own account as itself', async () => {
    const view = await withoutOfficials<CaseView>('qiye1', `/api/cases/${planCaseId}`);
    expect(view.events.map((event) => event.actor)).toEqual([
      { id: null, role: 'enterprise', name: CHUFENG.name },
      { id: null, role: 'business_office', name: office() },
      ...Array.from({ length: 3 }, () => ({ id: null, role: 'unit_handler', name: bureau() })),
      { id: null, role: 'business_office', name: office() },
      { id: null, role: 'unit_handler', name: bureau() },
      { id: null, role: 'business_office', name: office() },
    ]);
    expect(view.intake?.acceptedBy).toEqual({ id: null, name: office() });
    expect(view.deadlineStory.pendingExtension?.requestedBy).toEqual({ id: null, role: 'unit_handler', name: bureau() });
    expect(view.deadlineStory.lastExtensionDecision?.decidedBy).toEqual({ id: null, role: 'business_office', name: office() });
    expect(view.deadlineStory.supervisionSteps.map((step) => step.by)).toEqual([{ id: null, role: 'business_office', name: office() }]);
  });

  it('shows a rectification plan’s responsible person to the enterprise by post only, in the case and in its history', async () => {
    const view = await withoutOfficials<CaseView & { rectification: unknown }>('qiye1', `/api/cases/${planCaseId}`);
    const shown = { name: null, post: PERSON.post, phone: null };
    expect(view.rectification).toMatchObject({ responsiblePerson: shown });
    expect(view.events.find((event) => event.type === 'propose_plan')?.payload).toMatchObject({ rectification: { responsiblePerson: shown } });
    const body = JSON.stringify(view);
    for (const personal of [PERSON.name, PERSON.phone, maskPhone(PERSON.phone)]) expect(body).not.toContain(personal);
  });

  it('shows each of its own cases so: officials as units, its own accounts as the enterprise, the daily sweep as 营商办', async () => {
    for (const [username, enterprise] of [['qiye1', CHUFENG], ['qiye2', DEMO_ENTERPRISES.hanshui!]] as const) {
      const { items } = await get<{ items: { id: string }[] }>(username, '/api/cases?limit=100');
      const views = await Promise.all(items.map((item) => withoutOfficials<CaseView>(username, `/api/cases/${item.id}`)));
      const actors: Shown[] = views.flatMap((view) => view.events.map((event) => event.actor));
      expect(actors.every((actor) => actor.id === null)).toBe(true);
      expect(actors.filter((actor) => actor.role === 'enterprise').map((actor) => actor.name)).toContain(enterprise.name);
      for (const actor of actors) expect([...unitName.values()], JSON.stringify(actor)).toContain(actor.name);
      const swept = views.flatMap((view) => view.deadlineStory.supervisionSteps).filter((step) => step.automatic);
      expect(swept.length, `${username}'s cases pressed by the sweep`).toBeGreaterThan(0);
      for (const step of swept) expect(step.by).toEqual({ id: null, role: 'business_office', name: office() });
    }
  });

  it('names units in its applications, its investment projects and promises, its file, the policies and their publications, and the window’s records', async () => {
    for (const username of ['qiye1', 'qiye2'] as const) {
      const applications = await get<{ items: { id: string }[] }>(username, '/api/benefit-applications');
      for (const { id } of applications.items) {
        const application = await withoutOfficials<{ events: { actorName: string }[] }>(username, `/api/benefit-applications/${id}`);
        for (const event of application.events) expect([...unitName.values()]).toContain(event.actorName);
      }
      const projects = await get<{ items: { id: string }[] }>(username, '/api/investment/projects');
      expect(projects.items.length).toBeGreaterThan(0);
      for (const { id } of projects.items) {
        const project = await withoutOfficials<{ createdByName: string; updatedByName: string | null; promises: { id: string; fulfilments: { recordedByName: string }[] }[] }>(
          username,
          `/api/investment/projects/${id}`,
        );
        expect(project).toMatchObject({ createdByName: unitName.get(UNIT_IDS.zhaoshangju), updatedByName: null });
        for (const promise of project.promises) {
          await withoutOfficials(username, `/api/investment/promises/${promise.id}`);
          for (const fulfilment of promise.fulfilments) expect([...unitName.values()]).toContain(fulfilment.recordedByName);
        }
      }
      const session = await get<{ user: { unit: { id: string } } }>(username, '/api/session');
      const file = await withoutOfficials<{ updatedByName: string; changes: { actorName: string }[] }>(username, `/api/enterprises/${session.user.unit.id}`);
      expect(file.updatedByName).toBe(office());
      expect(file.changes.map((change) => change.actorName)).toContain(office());
    }
    const policies = await get<{ items: { id: string }[] }>('qiye1', '/api/policies');
    for (const { id } of policies.items) {
      const policy = await withoutOfficials<{ changes: { actorName: string }[] }>('qiye1', `/api/policies/${id}`);
      for (const change of policy.changes) expect([...unitName.values()]).toContain(change.actorName);
      const publications = await withoutOfficials<{ records: { recordedBy: Shown }[] }>('qiye1', `/api/policies/${id}/publications`);
      for (const record of publications.records) expect(record.recordedBy).toEqual({ id: null, name: office() });
    }
    const services = await withoutOfficials<{ items: { servedByName: string }[] }>('qiye1', '/api/window-services');
    expect(services.items.map((item) => item.servedByName)).toEqual([office()]);
  });

  it('still shows 营商办 the people who acted, the responsible person by name and who kept the enterprise’s records', async () => {
    const view = await get<CaseView & { rectification: { responsiblePerson: { name: string | null } } }>('yingshangban', `/api/cases/${planCaseId}`);
    const handler = { id: demoAccountId('hd-jiaoyu'), role: 'unit_handler', name: '王芳' };
    const businessOffice = { id: demoAccountId('yingshangban'), role: 'business_office', name: '周敏' };
    expect(view.events.map((event) => event.actor)).toContainEqual(handler);
    expect(view.intake?.acceptedBy).toEqual({ id: businessOffice.id, name: businessOffice.name });
    expect(view.deadlineStory.pendingExtension?.requestedBy).toEqual(handler);
    expect(view.deadlineStory.lastExtensionDecision?.decidedBy).toEqual(businessOffice);
    expect(view.rectification.responsiblePerson.name).toBe(PERSON.name);

    const [project] = (await get<{ items: { id: string }[] }>('yingshangban', `/api/investment/projects?q=${encodeURIComponent(CHUFENG.name)}`)).items;
    expect(await get('yingshangban', `/api/investment/projects/${project!.id}`)).toMatchObject({ createdByName: '郑晓东', updatedByName: '郑晓东' });
    expect(await get('yingshangban', `/api/enterprises/${CHUFENG.id}`)).toMatchObject({ updatedByName: '周敏' });
    const services = await get<{ items: { enterpriseName: string; servedByName: string }[] }>('yingshangban', `/api/window-services?enterpriseUnitId=${CHUFENG.id}`);
    expect(services.items).toEqual([expect.objectContaining({ servedByName: '周敏' })]);
    const [policy] = (await get<{ items: { id: string }[] }>('yingshangban', '/api/policies')).items;
    const publications = await get<{ records: { recordedBy: Shown }[] }>('yingshangban', `/api/policies/${policy!.id}/publications`);
    expect(publications.records.map((record) => record.recordedBy)).toContainEqual({ id: demoAccountId('yingshangban'), name: '周敏' });
  });
});
