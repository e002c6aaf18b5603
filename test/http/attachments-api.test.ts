import { createHash, randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../src/domain/attachments.ts';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { attachments, cases } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { pageAfterAction } from '../support/cases.ts';

const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const OTHER_ENTERPRISE = { name: '汉江市鼎盛厨具有限公司', creditCode: makeCreditCode('91422900MA49Q1W2E') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;

const pdf = (size = 2048) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const png = (size = 2048) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size - 8)]);
const zip = (...entries: string[]) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), ...entries.map((entry) => Buffer.concat([randomBytes(26), Buffer.from(entry)]))]);
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

interface Uploaded {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

interface CaseBody {
  id: string;
  state: string;
  version: number;
  attachments: { id: string; fileName: string; sha256: string; size: number }[];
  rating: { score: number; comment: string | null } | null;
  availableActions: { action: string }[];
  events: { type: string; payload: Record<string, unknown> }[];
}

describe(`attachments: upload, download and linking to cases (${backendName})`, () => {
  let t: TestApp;

  const headers = async (username: TestUsername) => t.signIn(username);
  const upload = async (username: TestUsername, fileName: string | null, content: Buffer, fields?: Record<string, string>) => {
    const body = multipart(fileName, content, fields);
    return t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await headers(username)), ...body.headers } });
  };
  const uploaded = async (username: TestUsername, fileName: string, content: Buffer) => {
    const response = await upload(username, fileName, content);
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Uploaded>();
  };
  const download = async (username: TestUsername, id: string) =>
    t.server.inject({ method: 'GET', url: `/api/attachments/${id}`, headers: await headers(username) });
  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await headers(username), ...(payload === undefined ? {} : { payload }) });
  const getCase = async (id: string) => (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    pageAfterAction(await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command }), () => call(username, 'GET', `/api/cases/${id}`));
  const stored = async () => (await t.app.db.select({ value: count() }).from(attachments))[0]!.value;
  const caseCount = async () => (await t.app.db.select({ value: count() }).from(cases))[0]!.value;

  const registration = (enterprise: { name: string; creditCode: string }, extra: Record<string, unknown> = {}) => ({
    line: 'arrears',
    source: 'assigned',
    instruction: '请汉东区教育局核实并制定清偿方案。',
    title: '汉东区教育局拖欠第三中学校舍维修工程款',
    facts: '2025年8月竣工验收合格，尾款至今未付。',
    enterprise,
    responsibleUnitId: DEBTOR,
    claimedAmount: 30_000_000,
    ...extra,
  });

  const expectError = (response: Awaited<ReturnType<typeof call>>, status: number, code: string) => {
    expect(response.statusCode, response.body).toBe(status);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
  };

  beforeAll(async () => {
    t = await createTestApp();
    // The enterprises become units by a first registration, then get their accounts.
    for (const [username, enterprise] of [['qiye1', ENTERPRISE], ['qiye2', OTHER_ENTERPRISE]] as const) {
      const response = await call('yingshangban', 'POST', '/api/cases', registration(enterprise));
      expect(response.statusCode, response.body).toBe(201);
      await t.addEnterpriseAccount(username, response.json<{ enterprise: { unitId: string } }>().enterprise.unitId);
    }
  });
  afterAll(async () => t?.close());

  it('gives back exactly the bytes uploaded, under their Chinese name (RFC 5987), to the uploader only while unlinked', async () => {
    const content = pdf(50_000);
    const file = await uploaded('qiye1', '工程款结算单（盖章）.pdf', content);
    expect(file).toEqual({ id: file.id, fileName: '工程款结算单（盖章）.pdf', contentType: 'application/pdf', size: 50_000, sha256: sha256(content) });

    const response = await download('qiye1', file.id);
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(content)).toBe(true);
    expect(sha256(response.rawPayload)).toBe(file.sha256);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="__________.pdf"; filename*=UTF-8''${encodeURIComponent('工程款结算单（盖章）.pdf')}`,
    );
    expect(response.headers['x-content-sha256']).toBe(file.sha256);

    for (const other of ['qiye2', 'yingshangban', 'handong'] as const) expectError(await download(other, file.id), 404, 'ATTACHMENT_NOT_FOUND');
    expectError(await download('qiye1', '5f0c8a56-4a53-4b8e-9a53-7f3d2c1b0a99'), 404, 'ATTACHMENT_NOT_FOUND');
  });

  // 10 MB through multipart into the database and back: a few seconds when the machine is idle,
  // a minute and more beside another test run (the embedded database holds the thread meanwhile).
  it('takes a file of exactly 10 MB and Office, OFD and image files whose content matches their name', { timeout: 180_000 }, async () => {
    const largest = png(ATTACHMENT_MAX_BYTES);
    const file = await uploaded('hd-jiaoyu', '现场照片.PNG', largest);
    expect(file).toMatchObject({ contentType: 'image/png', size: ATTACHMENT_MAX_BYTES, sha256: sha256(largest) });
    expect((await download('hd-jiaoyu', file.id)).rawPayload.equals(largest)).toBe(true);
    expect((await uploaded('hd-jiaoyu', '会议纪要.docx', zip('[Content_Types].xml', 'word/document.xml'))).contentType).toContain('wordprocessingml');
    expect((await uploaded('hd-jiaoyu', '还款台账.xlsx', zip('[Content_Types].xml', 'xl/workbook.xml'))).contentType).toContain('spreadsheetml');
    expect((await uploaded('hd-jiaoyu', '电子发票.ofd', zip('OFD.xml', 'Doc_0/Document.xml'))).contentType).toBe('application/ofd');
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(1000)]);
    expect((await uploaded('hd-jiaoyu', '旧版合同.doc', ole)).contentType).toBe('application/msword');
    expect((await uploaded('hd-jiaoyu', 'C:\\扫描件\\收据.jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(100)]))).fileName).toBe('收据.jpeg');
  });

  it('refuses other types, disguised files and files over 10 MB, storing nothing', async () => {
    const before = await stored();
    expectError(await upload('qiye1', '合同.exe', Buffer.concat([Buffer.from('MZ'), randomBytes(500)])), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    expectError(await upload('qiye1', '合同.pdf', png()), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    expectError(await upload('qiye1', '合同', pdf()), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    expectError(await upload('qiye1', '报表.xlsx', zip('[Content_Types].xml', 'word/document.xml')), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    expectError(await upload('qiye1', '照片.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')), 415, 'ATTACHMENT_TYPE_NOT_ALLOWED');
    expectError(await upload('qiye1', '超大扫描件.pdf', pdf(ATTACHMENT_MAX_BYTES + 1)), 413, 'ATTACHMENT_TOO_LARGE');
    expectError(await upload('qiye1', '空文件.pdf', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
    expectError(await upload('qiye1', null, Buffer.alloc(0), { note: '忘了选文件' }), 400, 'VALIDATION_FAILED');
    expectError(await call('qiye1', 'POST', '/api/attachments', { fileName: 'a.pdf', content: '%PDF-' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    // 三员分立: the administrators do no case work, so they have nothing to attach.
    expectError(await upload('sysadmin', '说明.pdf', pdf()), 403, 'FORBIDDEN');
    const forged = multipart('说明.pdf', pdf());
    const fromElsewhere = await t.server.inject({
      method: 'POST',
      url: '/api/attachments',
      payload: forged.payload,
      headers: { ...(await headers('qiye1')), ...forged.headers, 'sec-fetch-site': 'cross-site' },
    });
    expectError(fromElsewhere, 403, 'CSRF_REJECTED');
    const anonymous = multipart('说明.pdf', pdf());
    expect((await t.server.inject({ method: 'POST', url: '/api/attachments', ...anonymous })).statusCode).toBe(401);
    expect(await stored()).toBe(before);
  });

  let complaint: CaseBody;
  let evidence: Uploaded;

  it('links an enterprise’s evidence to its complaint and shows it to whoever may read the case', async () => {
    evidence = await uploaded('qiye1', '结算审计报告.pdf', pdf());
    const photo = await uploaded('qiye1', '竣工验收照片.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1]), randomBytes(3000)]));
    const response = await call('qiye1', 'POST', '/api/cases', registration(ENTERPRISE, { source: 'enterprise', attachmentIds: [evidence.id, photo.id] }));
    expect(response.statusCode, response.body).toBe(201);
    complaint = response.json<CaseBody>();
    const refs = [evidence, photo].map(({ id, fileName, sha256: hash, size }) => ({ id, fileName, sha256: hash, size }));
    expect(complaint.attachments).toEqual(refs);
    expect(complaint.events[0]!.payload.attachments).toEqual(refs);

    for (const reader of ['qiye1', 'yingshangban', 'handong', 'hd-jiaoyu', 'leader'] as const) {
      expect((await download(reader, evidence.id)).statusCode, reader).toBe(200);
    }
    for (const stranger of ['qiye2', 'jiangbei', 'jb-jiaoyu', 'sysadmin'] as const) {
      expectError(await download(stranger, photo.id), 404, 'ATTACHMENT_NOT_FOUND');
    }
  });

  it('refuses to link someone else’s file or one already linked, changing nothing', async () => {
    const before = await caseCount();
    const foreign = await uploaded('hd-jiaoyu', '自查报告.pdf', pdf());
    const newcomer = { name: '汉江市新来建材有限公司', creditCode: makeCreditCode('91422900MA4NEW001') };
    expectError(await call('yingshangban', 'POST', '/api/cases', registration(newcomer, { attachmentIds: [foreign.id] })), 404, 'ATTACHMENT_NOT_FOUND');
    expectError(
      await call('qiye1', 'POST', '/api/cases', registration(ENTERPRISE, { source: 'enterprise', attachmentIds: [evidence.id] })),
      409,
      'ATTACHMENT_ALREADY_LINKED',
    );
    const invalid = await call('qiye1', 'POST', '/api/cases', registration(ENTERPRISE, { source: 'enterprise', attachmentIds: ['not-a-uuid'] }));
    expectError(invalid, 400, 'VALIDATION_FAILED');
    expect(await caseCount()).toBe(before);
    // Nor was the new enterprise created, nor the file taken.
    expect((await call('yingshangban', 'GET', `/api/units?creditCode=${newcomer.creditCode}`)).json().items).toEqual([]);
    const [row] = await t.app.db.select({ caseId: attachments.caseId }).from(attachments).where(eq(attachments.id, foreign.id));
    expect(row?.caseId).toBeNull();
  });

  it('links a feedback document’s file, records its hash, then lets the enterprise rate the closed case once', async () => {
    // S3: 营商办 accepts the enterprise's complaint before the debtor handles it.
    await act('yingshangban', complaint.id, { action: 'accept', responsibleUnitId: DEBTOR, instruction: '请汉东区教育局核实办理。' });
    await act('hd-jiaoyu', complaint.id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } });
    await act('hd-jiaoyu', complaint.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 30_000_000, voucher: 'GK-0302-9' });
    const receipt = await uploaded('hd-jiaoyu', '国库集中支付凭证.pdf', pdf());
    const notMine = await uploaded('yingshangban', '督办通知.pdf', pdf());
    const feedback = (attachmentId: string) => ({
      action: 'submit_feedback',
      summary: '已于2026年3月2日一次性付清。',
      documents: [{ title: '国库集中支付凭证', reference: 'GK-0302-9', attachmentId }],
    });

    const settled = await getCase(complaint.id);
    expectError(await act('hd-jiaoyu', complaint.id, feedback(notMine.id)), 404, 'ATTACHMENT_NOT_FOUND');
    expect(await getCase(complaint.id)).toEqual(settled);
    const unlinked = await t.app.db.select({ caseId: attachments.caseId }).from(attachments).where(eq(attachments.id, notMine.id));
    expect(unlinked).toEqual([{ caseId: null }]);
    expectError(await download('qiye1', receipt.id), 404, 'ATTACHMENT_NOT_FOUND');

    const submitted = await act('hd-jiaoyu', complaint.id, feedback(receipt.id));
    expect(submitted.statusCode, submitted.body).toBe(200);
    const body = submitted.json<CaseBody>();
    expect(body.state).toBe('feedback_submitted');
    expect(body.events.at(-1)!.payload.documents).toEqual([
      { title: '国库集中支付凭证', reference: 'GK-0302-9', attachment: { id: receipt.id, fileName: receipt.fileName, sha256: receipt.sha256, size: receipt.size } },
    ]);
    expect((await download('qiye1', receipt.id)).statusCode).toBe(200);
    expectError(await download('jiangbei', receipt.id), 404, 'ATTACHMENT_NOT_FOUND');

    expect((await act('yingshangban', complaint.id, { action: 'close', opinion: '材料齐全，同意销号。' })).statusCode).toBe(200);
    const view = (await call('qiye1', 'GET', `/api/cases/${complaint.id}`)).json<CaseBody>();
    expect(view.availableActions.map((item) => item.action)).toEqual(['rate']);
    expect((await getCase(complaint.id)).availableActions.map((item) => item.action)).not.toContain('rate');
    const closed = await getCase(complaint.id);
    expectError(await act('yingshangban', complaint.id, { action: 'rate', score: 5 }), 403, 'FORBIDDEN');
    expectError(await act('qiye2', complaint.id, { action: 'rate', score: 1 }), 404, 'CASE_NOT_FOUND');
    expectError(await act('qiye1', complaint.id, { action: 'rate', score: 6 }), 400, 'VALIDATION_FAILED');
    expect(await getCase(complaint.id)).toEqual(closed);

    const rated = await act('qiye1', complaint.id, { action: 'rate', score: 5, comment: '付款及时，感谢督办。' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json<CaseBody>()).toMatchObject({ state: 'closed', rating: { score: 5, comment: '付款及时，感谢督办。' }, availableActions: [] });
    const once = await getCase(complaint.id);
    expectError(await act('qiye1', complaint.id, { action: 'rate', score: 1 }), 422, 'RULE_VIOLATION');
    expect(await getCase(complaint.id)).toEqual(once);
  });
});
