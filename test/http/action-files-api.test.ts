import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { attachments } from '../../src/db/schema.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';
import { multipart } from '../support/multipart.ts';
import { pageAfterAction } from '../support/cases.ts';

/**
 * The files of a case's steps besides registration and feedback: the enterprise's signed answer
 * to a plan (consent, object), a payment's voucher, the signed waiver of late interest, the
 * signed agreement (agree), the judgment (judge), the completion proof (fulfil) and the
 * compensation decision (compensate). Each is
 * one upload of the caller's, linked in the step's transaction; anything else is refused with
 * nothing written; the file is then for whoever may read the case, and for nobody else.
 */
const ENTERPRISE = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const OTHER_ENTERPRISE = { name: '汉江市鼎盛厨具有限公司', creditCode: makeCreditCode('91422900MA49Q1W2E') };
const DEBTOR = LOCAL_UNIT_IDS.handong.jiaoyuju;

const pdf = (size = 4096) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

interface Uploaded {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
}

interface CaseBody {
  id: string;
  state: string;
  version: number;
  paidAmount: number;
  enterprise: { unitId: string };
  events: { type: string; actor: { id: string }; payload: Record<string, unknown> }[];
}

describe(`files of a case's steps: signed answers, vouchers, waivers (${backendName})`, () => {
  let t: TestApp;

  const request = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload === undefined ? {} : { payload }) });
  const upload = async (username: TestUsername, fileName: string, content: Buffer): Promise<Uploaded> => {
    const body = multipart(fileName, content);
    const response = await t.server.inject({ method: 'POST', url: '/api/attachments', payload: body.payload, headers: { ...(await t.signIn(username)), ...body.headers } });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Uploaded>();
  };
  const download = async (username: TestUsername, id: string) => request(username, 'GET', `/api/attachments/${id}`);
  const getCase = async (id: string) => (await request('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) =>
    pageAfterAction(await request(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: (await getCase(id)).version, ...command }), () => request(username, 'GET', `/api/cases/${id}`));
  const linkedTo = async (id: string) => (await t.app.db.select({ caseId: attachments.caseId }).from(attachments).where(eq(attachments.id, id)))[0]?.caseId;
  const ref = (file: Uploaded) => ({ id: file.id, fileName: file.fileName, sha256: file.sha256, size: file.size });

  /** A refusal: its code, a Chinese message, and the case and the file as they were. */
  const expectRefused = async (response: Awaited<ReturnType<typeof request>>, status: number, code: string, caseId: string, before: CaseBody, file?: Uploaded) => {
    expect(response.statusCode, response.body).toBe(status);
    const { error } = response.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await getCase(caseId)).toEqual(before);
    if (file !== undefined) expect(await linkedTo(file.id)).not.toBe(caseId);
  };

  /** An arrear of 600,000 元 with a difficulty, on an installment plan waiting for the enterprise's answer (A3). */
  const awaitingConsent = async (enterprise = ENTERPRISE): Promise<CaseBody> => {
    const response = await request('yingshangban', 'POST', '/api/cases', {
      line: 'arrears',
      source: 'assigned',
      instruction: '请汉东区教育局核实并制定清偿方案。',
      title: '汉东区教育局拖欠第三中学校舍维修工程款',
      facts: '2025年8月竣工验收合格，尾款至今未付。',
      enterprise,
      responsibleUnitId: DEBTOR,
      claimedAmount: 60_000_000,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { id } = response.json<CaseBody>();
    const classified = await act('hd-jiaoyu', id, {
      action: 'classify',
      classification: { line: 'arrears', disputed: false, confirmedAmount: 60_000_000, paymentDifficulty: '年度预算已执行完毕' },
    });
    expect(classified.statusCode, classified.body).toBe(200);
    const proposed = await act('hd-jiaoyu', id, {
      action: 'propose_plan',
      installments: [
        { dueOn: '2026-06-30', amount: 30_000_000 },
        { dueOn: '2026-12-31', amount: 30_000_000 },
      ],
    });
    expect(proposed.json()).toMatchObject({ state: 'awaiting_consent' });
    return getCase(id);
  };

  let planCase: CaseBody;
  let signed: Uploaded;
  let signedBytes: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    planCase = await awaitingConsent();
    await t.addEnterpriseAccount('qiye1', planCase.enterprise.unitId);
    const other = await awaitingConsent(OTHER_ENTERPRISE);
    await t.addEnterpriseAccount('qiye2', other.enterprise.unitId);
  });
  afterAll(async () => t?.close());

  it('takes the enterprise’s signed consent with the plan, links it, and shows it to the case’s readers only', async () => {
    const before = await getCase(planCase.id);
    // Another enterprise's upload, one of the debtor's, a made-up id: refused, the plan still waiting.
    const theirs = await upload('qiye2', '还款计划确认书.pdf', pdf());
    await expectRefused(await act('qiye1', planCase.id, { action: 'consent', attachmentId: theirs.id }), 404, 'ATTACHMENT_NOT_FOUND', planCase.id, before, theirs);
    const debtors = await upload('hd-jiaoyu', '还款计划.pdf', pdf());
    await expectRefused(await act('qiye1', planCase.id, { action: 'consent', attachmentId: debtors.id }), 404, 'ATTACHMENT_NOT_FOUND', planCase.id, before, debtors);
    await expectRefused(await act('qiye1', planCase.id, { action: 'consent', attachmentId: 'not-a-file' }), 400, 'VALIDATION_FAILED', planCase.id, before);
    expect(await linkedTo(theirs.id)).toBeNull();

    signedBytes = pdf(20_000);
    signed = await upload('qiye1', '还款计划确认书（盖章）.pdf', signedBytes);
    const consented = await act('qiye1', planCase.id, { action: 'consent', note: '同意分两期支付', attachmentId: signed.id });
    expect(consented.statusCode, consented.body).toBe(200);
    const body = consented.json<CaseBody>();
    expect(body.state).toBe('performing');
    expect(body.events.at(-1)).toMatchObject({ type: 'consent', payload: { by: 'enterprise', note: '同意分两期支付', attachment: ref(signed) } });
    expect(await linkedTo(signed.id)).toBe(planCase.id);

    for (const reader of ['qiye1', 'yingshangban', 'handong', 'hd-jiaoyu'] as const) {
      const response = await download(reader, signed.id);
      expect(response.statusCode, reader).toBe(200);
      expect(sha256(response.rawPayload)).toBe(sha256(signedBytes));
    }
    // Another enterprise, another county, the administrators: no such file.
    for (const stranger of ['qiye2', 'jiangbei', 'jb-jiaoyu', 'sysadmin'] as const) {
      const response = await download(stranger, signed.id);
      expect(response.statusCode, stranger).toBe(404);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('ATTACHMENT_NOT_FOUND');
    }
  });

  it('attaches the voucher to a payment, and refuses a file already linked or another user’s, writing nothing', async () => {
    const payment = (paidOn: string, voucher: string, attachmentId?: string) => ({
      action: 'record_payment',
      paidOn,
      amount: 10_000_000,
      voucher,
      method: 'transfer',
      ...(attachmentId === undefined ? {} : { attachmentId }),
    });
    const voucherBytes = pdf(9000);
    const voucher = await upload('hd-jiaoyu', '国库集中支付凭证.pdf', voucherBytes);
    const paid = await act('hd-jiaoyu', planCase.id, payment('2026-01-05', 'GK-2026-0105', voucher.id));
    expect(paid.statusCode, paid.body).toBe(200);
    const body = paid.json<CaseBody>();
    expect(body.paidAmount).toBe(10_000_000);
    expect(body.events.at(-1)).toMatchObject({ type: 'record_payment', payload: { voucher: 'GK-2026-0105', attachment: ref(voucher) } });
    expect(await linkedTo(voucher.id)).toBe(planCase.id);
    expect((await download('qiye1', voucher.id)).rawPayload.equals(voucherBytes)).toBe(true);
    expect((await download('qiye2', voucher.id)).statusCode).toBe(404);

    const before = await getCase(planCase.id);
    // The same voucher file again, the enterprise's consent file, 营商办's upload: refused, nothing paid.
    await expectRefused(await act('hd-jiaoyu', planCase.id, payment('2026-01-06', 'GK-2026-0106', voucher.id)), 409, 'ATTACHMENT_ALREADY_LINKED', planCase.id, before);
    await expectRefused(await act('hd-jiaoyu', planCase.id, payment('2026-01-06', 'GK-2026-0106', signed.id)), 404, 'ATTACHMENT_NOT_FOUND', planCase.id, before);
    const notMine = await upload('yingshangban', '付款凭证.pdf', pdf());
    const refused = await act('hd-jiaoyu', planCase.id, payment('2026-01-06', 'GK-2026-0106', notMine.id));
    await expectRefused(refused, 404, 'ATTACHMENT_NOT_FOUND', planCase.id, before, notMine);
    expect(refused.json<{ error: { details: { field: string } } }>().error.details.field).toBe('attachmentId');
    expect(await linkedTo(notMine.id)).toBeNull();

    // A payment without a file is recorded as before.
    const second = await act('hd-jiaoyu', planCase.id, payment('2026-01-06', 'GK-2026-0106'));
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json<CaseBody>().events.at(-1)!.payload).not.toHaveProperty('attachment');
  });

  it('lets 营商办 record an answer on the enterprise’s behalf with the signed scan alone, but not with nothing', async () => {
    const recorded = await awaitingConsent();
    const before = await getCase(recorded.id);
    await expectRefused(await act('yingshangban', recorded.id, { action: 'object', reason: '分期过长' }), 400, 'VALIDATION_FAILED', recorded.id, before);
    const scan = await upload('yingshangban', '企业不同意意见书.pdf', pdf());
    const objected = await act('yingshangban', recorded.id, { action: 'object', reason: '分期过长', attachmentId: scan.id });
    expect(objected.statusCode, objected.body).toBe(200);
    expect(objected.json<CaseBody>().events.at(-1)).toMatchObject({ type: 'object', payload: { by: 'recorded', document: null, attachment: ref(scan) } });
    expect(await linkedTo(scan.id)).toBe(recorded.id);
  });

  describe('the steps that produce a document: agreement, judgment, completion proof, compensation decision', () => {
    const COUNTY = LOCAL_UNIT_IDS.handong.government;
    const PROMISE = '《汉东区招商引资项目投资协议》（HD-ZS-2024-031）第五条：提供人才公寓100套';
    let serial = 0;

    /** A promise of 汉东区人民政府 to an enterprise, classified as `classification` says. */
    const promiseCase = async (classification: Record<string, unknown>): Promise<CaseBody> => {
      serial += 1;
      const response = await request('yingshangban', 'POST', '/api/cases', {
        line: 'investment',
        source: 'assigned',
        title: `汉东区政府未兑现招商协议约定的人才公寓（${serial}）`,
        facts: '投资协议第五条约定提供人才公寓100套，至今未提供。',
        instruction: '请汉东区人民政府核实办理。',
        enterprise: ENTERPRISE,
        responsibleUnitId: COUNTY,
      });
      expect(response.statusCode, response.body).toBe(201);
      const { id } = response.json<CaseBody>();
      const classified = await act('yingshangban', id, { action: 'classify', classification: { line: 'investment', promise: PROMISE, ...classification } });
      expect(classified.statusCode, classified.body).toBe(200);
      return getCase(id);
    };
    const beyondCapacity = { legality: 'flawed', situation: 'beyond_capacity', legalityReason: '公寓总量不足，超出履行能力' };

    /** The step refused with each wrong file (another user's, one already linked, one that does not exist), then taken with the right one: linked and downloadable by the case's readers. */
    const expectFileTaken = async (caseId: string, username: TestUsername, command: Record<string, unknown>, fileName: string) => {
      const before = await getCase(caseId);
      const theirs = await upload(username === 'handong' ? 'yingshangban' : 'handong', fileName, pdf());
      await expectRefused(await act(username, caseId, { ...command, attachmentId: theirs.id }), 404, 'ATTACHMENT_NOT_FOUND', caseId, before, theirs);
      expect(await linkedTo(theirs.id)).toBeNull();
      await expectRefused(await act(username, caseId, { ...command, attachmentId: signed.id }), 404, 'ATTACHMENT_NOT_FOUND', caseId, before);
      const used = usedFiles.get(username)!;
      await expectRefused(await act(username, caseId, { ...command, attachmentId: used.id }), 409, 'ATTACHMENT_ALREADY_LINKED', caseId, before);
      expect(await linkedTo(used.id)).not.toBe(caseId);
      const missing = await act(username, caseId, { ...command, attachmentId: '00000000-0000-4000-8000-00000000f11e' });
      await expectRefused(missing, 404, 'ATTACHMENT_NOT_FOUND', caseId, before);
      expect(missing.json<{ error: { details: { field: string } } }>().error.details.field).toBe('attachmentId');

      const bytes = pdf(12_000);
      const file = await upload(username, fileName, bytes);
      const taken = await act(username, caseId, { ...command, attachmentId: file.id });
      expect(taken.statusCode, taken.body).toBe(200);
      const body = taken.json<CaseBody>();
      expect(body.events.at(-1)).toMatchObject({ type: command.action, payload: { attachment: ref(file) } });
      expect(await linkedTo(file.id)).toBe(caseId);
      for (const reader of ['qiye1', 'yingshangban', 'handong'] as const) {
        const response = await download(reader, file.id);
        expect(response.statusCode, reader).toBe(200);
        expect(sha256(response.rawPayload)).toBe(sha256(bytes));
      }
      expect((await download('qiye2', file.id)).statusCode).toBe(404);
      return body;
    };

    /** A file of each acting user's that another case already took. */
    const usedFiles = new Map<TestUsername, Uploaded>();
    beforeAll(async () => {
      const county = await upload('handong', '另一事项的协商纪要.pdf', pdf());
      const other = await promiseCase(beyondCapacity);
      const agreed = await act('handong', other.id, { action: 'agree', amount: 0, document: '协商纪要（2026）1号', terms: '以租房补贴替代', attachmentId: county.id });
      expect(agreed.statusCode, agreed.body).toBe(200);
      usedFiles.set('handong', county);
      const office = await upload('yingshangban', '交办单.pdf', pdf());
      const registered = await request('yingshangban', 'POST', '/api/cases', {
        line: 'investment',
        source: 'assigned',
        title: '汉东区政府未兑现招商协议约定的项目用地',
        facts: '投资协议约定的项目用地至今未供应。',
        instruction: '请汉东区人民政府核实办理。',
        enterprise: ENTERPRISE,
        responsibleUnitId: COUNTY,
        attachmentIds: [office.id],
      });
      expect(registered.statusCode, registered.body).toBe(201);
      usedFiles.set('yingshangban', office);
    });

    it('takes the signed agreement with 达成协议 and the completion proof with 确认兑现 (I5, I1)', async () => {
      const negotiating = await promiseCase(beyondCapacity);
      expect(negotiating.state).toBe('negotiating');
      const agreed = await expectFileTaken(
        negotiating.id,
        'handong',
        { action: 'agree', amount: 0, document: '汉东区人才公寓协商纪要（2026）4号', terms: '提供人才公寓50套，其余以租房补贴替代' },
        '协商纪要（签章）.pdf',
      );
      expect(agreed.state).toBe('performing');
      const fulfilled = await expectFileTaken(negotiating.id, 'handong', { action: 'fulfil', evidence: '人才公寓50套交付验收单' }, '交付验收单.pdf');
      expect(fulfilled.state).toBe('settled');
    });

    it('takes the judgment with 录入判决 (I6)', async () => {
      const negotiating = await promiseCase(beyondCapacity);
      const escalated = await act('handong', negotiating.id, { action: 'escalate', reason: '协商未果' });
      expect(escalated.statusCode, escalated.body).toBe(200);
      const litigated = await act('yingshangban', negotiating.id, { action: 'litigate', reason: '调解未果', court: '汉江市中级人民法院' });
      expect(litigated.statusCode, litigated.body).toBe(200);
      const judged = await expectFileTaken(
        negotiating.id,
        'yingshangban',
        { action: 'judge', amount: 0, judgmentNo: '（2026）鄂06民初31号', court: '汉江市中级人民法院', judgedOn: '2026-01-05' },
        '民事判决书.pdf',
      );
      expect(judged.events.at(-1)!.type).toBe('judge');
    });

    it('takes the compensation decision with 依法变更并补偿 (I3)', async () => {
      const changing = await promiseCase({ legality: 'compliant', situation: 'lawful_change', changeReason: 'planning', changeAuthority: '汉东区人民政府常务会议' });
      expect(changing.state).toBe('changing');
      const compensated = await expectFileTaken(
        changing.id,
        'handong',
        { action: 'compensate', legalBasis: '规划调整，汉东区人民政府第9次常务会议决定', procedure: '听证并经常务会议审议', amount: 0 },
        '补偿决定书.pdf',
      );
      expect(compensated.state).toBe('settled');
    });
  });
});
