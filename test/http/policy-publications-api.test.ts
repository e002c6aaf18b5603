import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyPublications, units } from '../../src/db/schema.ts';
import { JURISDICTION_IDS, UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { backendName } from '../support/database.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';

const POLICY = {
  documentNo: '汉经信发〔2026〕5号',
  title: '汉江市工业企业技术改造专项资金实施细则',
  issuerUnitId: UNIT_IDS.jingxinju,
  packageTag: '30条',
  publishedOn: '2026-02-20',
  effectiveOn: '2026-03-01',
  expiresOn: '2028-12-31',
  clauses: [
    {
      article: '第七条',
      title: '技改设备投资奖补',
      class: 'subsidy',
      content: '对年度设备投资300万元以上的技术改造项目，按设备投资额的8%给予奖补，最高150万元。',
      amountRule: { kind: 'rate', basisPoints: 800, base: '设备投资额', cap: 150_000_000 },
      conditions: [{ field: 'industry', op: 'in', values: ['C'] }],
      materials: ['项目备案证明', '设备购置发票'],
      noApplication: false,
      fastTrack: true,
    },
  ],
};

const HOME_PAGE = { kind: 'department_site', publishedOn: '2026-02-20', link: 'https://jxj.hanjiang.gov.cn/zcwj/2026/0220.html' };
const GUIDE = {
  kind: 'application_guide',
  publishedOn: '2026-03-02',
  link: 'https://zwfw.hanjiang.gov.cn/hqzc/guide/2026-5',
  guide: {
    beneficiaries: '本市规模以上工业企业',
    conditions: '年度设备投资300万元以上的技术改造项目，已竣工验收',
    fulfilmentTimeLimit: '受理后20个工作日内拨付',
    applicationChannel: '市政务服务中心惠企政策兑现专窗',
    consultationPhone: '0710-3226688',
  },
};

interface PublicationsBody {
  policyId: string;
  asOf: string;
  records: { kind: string; kindLabel: string; publishedOn: string; link: string; guide: unknown; recordedBy: { name: string } }[];
  gaps: { kind: string; kindLabel: string; dueOn: string; overdue: boolean; raisedCase: unknown }[] | null;
  canRecord: boolean;
}

/** P1: a policy's publication records through the real HTTP stack: who may record, what is refused, what is still missing. */
describe(`the policy publication API (${backendName})`, () => {
  let t: TestApp;
  let policyId: string;
  const url = () => `/api/policies/${policyId}/publications`;
  const request = async (username: TestUsername, method: 'GET' | 'POST', path: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.server.inject({ method, url: path, headers: { ...(await t.signIn(username)), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const stored = async () => Number((await t.app.db.select({ n: count() }).from(policyPublications).where(eq(policyPublications.tenantId, t.app.tenantId)))[0]!.n);
  const expectRefused = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, field?: string) => {
    const before = await stored();
    expect(response.statusCode, response.body).toBe(status);
    const { error } = response.json<{ error: { code: string; message: string; details: { field?: string } } }>();
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
    if (field !== undefined) expect(error.details.field).toBe(field);
    expect(await stored()).toBe(before);
    return error;
  };

  beforeAll(async () => {
    // 2 March 2026: the policy took effect the day before; its guide is due on 3 March.
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    const created = await request('yingshangban', 'POST', '/api/policies', POLICY);
    expect(created.statusCode, created.body).toBe(201);
    policyId = created.json<{ id: string }>().id;
  });
  afterAll(async () => t?.close());

  it('lists what a policy in force still lacks, with the day each is due (P1)', async () => {
    const response = await request('xinyongban', 'GET', url());
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<PublicationsBody>();
    expect(body).toMatchObject({ policyId, asOf: '2026-03-02', records: [], canRecord: false });
    expect(body.gaps!.map((gap) => [gap.kindLabel, gap.dueOn, gap.overdue])).toEqual([
      ['部门网站首页', '2026-02-20', true],
      ['政府门户网站', '2026-02-20', true],
      ['政策解读', '2026-02-20', true],
      ['咨询专窗', '2026-03-01', true],
      ['申兑指南', '2026-03-03', false],
    ]);
  });

  it('lets the issuing department record its home-page publication and a guide, once per idempotency key', async () => {
    const home = await request('jingxinju', 'POST', url(), HOME_PAGE, { 'idempotency-key': 'home-page-0220' });
    expect(home.statusCode, home.body).toBe(201);
    expect(home.json<PublicationsBody>()).toMatchObject({ canRecord: true, records: [{ kind: 'department_site', kindLabel: '部门网站首页', publishedOn: '2026-02-20', link: HOME_PAGE.link, guide: null, recordedBy: { name: 'jingxinju' } }] });
    const replay = await request('jingxinju', 'POST', url(), HOME_PAGE, { 'idempotency-key': 'home-page-0220' });
    expect(replay.statusCode).toBe(201);
    expect(replay.body).toBe(home.body);
    expect(await stored()).toBe(1);
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, publishedOn: '2026-02-21' }, { 'idempotency-key': 'home-page-0220' }), 409, 'IDEMPOTENCY_KEY_REUSED');

    const guide = await request('yingshangban', 'POST', url(), GUIDE);
    expect(guide.statusCode, guide.body).toBe(201);
    const body = guide.json<PublicationsBody>();
    expect(body.records.map((record) => record.kind)).toEqual(['department_site', 'application_guide']);
    expect(body.records[1]!.guide).toEqual(GUIDE.guide);
    expect(body.gaps!.map((gap) => gap.kind)).toEqual(['government_site', 'interpretation', 'consultation_window']);
  });

  it('refuses bad input with a Chinese message next to its field, writing nothing', async () => {
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, link: 'ftp://jxj.hanjiang.gov.cn/a.pdf' }), 400, 'VALIDATION_FAILED', 'link');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, link: 'javascript:alert(1)' }), 400, 'VALIDATION_FAILED', 'link');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, kind: 'wechat' }), 400, 'VALIDATION_FAILED');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...GUIDE, guide: undefined }), 400, 'VALIDATION_FAILED', 'guide');
    const phone = await expectRefused(await request('jingxinju', 'POST', url(), { ...GUIDE, guide: { ...GUIDE.guide, consultationPhone: '请咨询专窗' } }), 400, 'VALIDATION_FAILED', 'guide.consultationPhone');
    expect(phone.message).toBe('咨询电话格式不正确，应为如 0710-3325678 或 13812345678 的号码');
    const empty = await expectRefused(await request('jingxinju', 'POST', url(), { ...GUIDE, guide: { ...GUIDE.guide, beneficiaries: ' ' } }), 400, 'VALIDATION_FAILED', 'guide.beneficiaries');
    expect(empty.message).toBe('请填写受益对象');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, publishedOn: '2026-02-19' }), 400, 'VALIDATION_FAILED', 'publishedOn');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, publishedOn: '2026-03-03' }), 400, 'VALIDATION_FAILED', 'publishedOn');
    await expectRefused(await request('jingxinju', 'POST', url(), { ...HOME_PAGE, publishedOn: '2026-02-30' }), 400, 'VALIDATION_FAILED', 'publishedOn');
    await expectRefused(await request('jingxinju', 'POST', '/api/policies/00000000-0000-4000-8000-000000000000/publications', HOME_PAGE), 404, 'POLICY_NOT_FOUND');
  });

  it('forbids another department or a county to record for a city department’s policy (P7 keepers)', async () => {
    await expectRefused(await request('hd-jiaoyu', 'POST', url(), HOME_PAGE), 403, 'FORBIDDEN');
    await expectRefused(await request('handong', 'POST', url(), HOME_PAGE), 403, 'FORBIDDEN');
    await expectRefused(await request('leader', 'POST', url(), HOME_PAGE), 403, 'FORBIDDEN');
    expect((await request('handong', 'GET', url())).json<PublicationsBody>().canRecord).toBe(false);
    await expectRefused(await request('sysadmin', 'GET', url()), 403, 'FORBIDDEN');
  });

  it('shows an enterprise the records but not the government’s gaps (SPEC §5)', async () => {
    await t.app.db.insert(units).values({ id: 'ent-test-1', tenantId: t.app.tenantId, name: '汉江精工机械有限公司', kind: 'enterprise', jurisdictionId: JURISDICTION_IDS.city });
    await t.addEnterpriseAccount('qiye1', 'ent-test-1');
    const response = await request('qiye1', 'GET', url());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<PublicationsBody>()).toMatchObject({ gaps: null, canRecord: false });
    expect(response.json<PublicationsBody>().records).toHaveLength(2);
    await expectRefused(await request('qiye1', 'POST', url(), HOME_PAGE), 403, 'FORBIDDEN');
  });

  it('documents both operations in the OpenAPI document, the guide’s fields included', async () => {
    const document = (await t.server.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown }>>;
    }>();
    const operations = document.paths['/api/policies/{id}/publications']!;
    expect(Object.values(operations).map((operation) => operation.operationId).sort()).toEqual(['listPolicyPublications', 'recordPolicyPublication']);
    expect(JSON.stringify(operations.post!.requestBody)).toContain('consultationPhone');
  });
});
