import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../src/domain/credit-code.ts';
import { LOCAL_UNIT_IDS } from '../../src/db/seed/hanjiang.ts';
import { createTestApp, type TestApp, type TestUsername } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const FIRM = { name: '汉江市楚风建筑工程有限公司', creditCode: makeCreditCode('91422900MA49XK7C3') };
const OTHER_FIRM = { name: '湖北汉水智能装备有限公司', creditCode: makeCreditCode('91422971MA49TQ2N5') };

/** The text of word/document.xml of a .docx (a ZIP read from its central directory), tags removed. */
const documentText = (zip: Buffer): string => {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let offset = zip.readUInt32LE(end + 16);
  for (let index = 0; index < zip.readUInt16LE(end + 10); index += 1) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (name === 'word/document.xml') {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressedSize);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8').replace(/<[^>]+>/g, '');
    }
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  throw new Error('no word/document.xml');
};

interface CaseBody {
  id: string;
  number: string;
  version: number;
  enterprise: { unitId: string };
}

describe(`a case's printable documents (${backendName})`, () => {
  let t: TestApp;
  const call = async (username: TestUsername, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.server.inject({ method, url, headers: await t.signIn(username), ...(payload ? { payload } : {}) });
  const act = async (username: TestUsername, id: string, command: Record<string, unknown>) => {
    const { version } = (await call('yingshangban', 'GET', `/api/cases/${id}`)).json<CaseBody>();
    const response = await call(username, 'POST', `/api/cases/${id}/actions`, { expectedVersion: version, ...command });
    expect(response.statusCode, response.body).toBe(200);
  };
  const download = async (username: TestUsername, url: string) => {
    const response = await call(username, 'GET', url);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe(DOCX);
    return documentText(response.rawPayload);
  };
  const expectRefused = async (username: TestUsername, url: string, status: number, code: string) => {
    const response = await call(username, 'GET', url);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code, message: expect.stringMatching(/[\u4e00-\u9fa5]/) });
  };

  let submitted: CaseBody;
  let other: CaseBody;
  let closed: CaseBody;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T09:00:00+08:00');
    // Each enterprise submits its complaint online; it waits for 营商办 at the 受理台.
    const registration = (firm: typeof FIRM, title: string) => ({
      line: 'arrears',
      source: 'enterprise',
      title,
      facts: '2025年8月校舍维修工程竣工验收合格，结算价款68万元，尾款至今未付。',
      enterprise: firm,
      responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
      claimedAmount: 68_000_000,
    });
    const first = await call('yingshangban', 'POST', '/api/cases', registration(FIRM, '汉东区教育局拖欠校舍维修工程款'));
    expect(first.statusCode, first.body).toBe(201);
    submitted = first.json<CaseBody>();
    const second = await call('yingshangban', 'POST', '/api/cases', registration(OTHER_FIRM, '汉东区教育局拖欠智能黑板货款'));
    other = second.json<CaseBody>();
    await t.addEnterpriseAccount('qiye1', submitted.enterprise.unitId);
    await t.addEnterpriseAccount('qiye2', other.enterprise.unitId);
    // A third case runs from registration to 销号.
    const third = await call('yingshangban', 'POST', '/api/cases', { ...registration(FIRM, '汉东区教育局拖欠食堂设备款'), source: 'assigned', instruction: '请核实并按期清偿。', claimedAmount: 30_000_000 });
    closed = third.json<CaseBody>();
    await act('hd-jiaoyu', closed.id, { action: 'classify', classification: { line: 'arrears', disputed: false, confirmedAmount: 30_000_000 } });
    await act('hd-jiaoyu', closed.id, { action: 'record_payment', paidOn: '2026-03-02', amount: 30_000_000, voucher: 'HD-0302-9' });
    await act('hd-jiaoyu', closed.id, { action: 'submit_feedback', summary: '已于2026年3月2日一次性付清食堂设备款。', documents: [{ title: '国库集中支付凭证', reference: 'GK-2026-0302-021' }] });
    await act('yingshangban', closed.id, { action: 'close', opinion: '材料齐全，同意销号。' });
  });
  afterAll(async () => t?.close());

  it('has no receipt before the case is accepted (409), for the enterprise or staff', async () => {
    await expectRefused('qiye1', `/api/cases/${submitted.id}/acceptance-receipt.docx`, 409, 'CASE_NOT_ACCEPTED');
    await expectRefused('yingshangban', `/api/cases/${submitted.id}/acceptance-receipt.docx`, 409, 'CASE_NOT_ACCEPTED');
  });

  it('gives the enterprise the receipt of its accepted case in plain words, and hides it from another enterprise (404)', async () => {
    t.clock.set('2026-03-03T10:00:00+08:00');
    await act('yingshangban', submitted.id, { action: 'accept', responsibleUnitId: LOCAL_UNIT_IDS.handong.jiaoyuju, instruction: '请汉东区教育局核实并制定清偿方案。' });
    const { deadline } = (await call('yingshangban', 'GET', `/api/cases/${submitted.id}`)).json<{ deadline: string }>();
    const text = await download('qiye1', `/api/cases/${submitted.id}/acceptance-receipt.docx`);
    expect(text).toContain('受理回执');
    expect(text).toContain(submitted.number);
    expect(text).toContain('受理日期2026-03-03');
    expect(text).toContain('责任单位汉东区教育局');
    expect(text).toContain(`办理期限${deadline}`);
    expect(text).toContain('已于2026年3月3日受理，交由汉东区教育局办理');
    expect(text).toContain('在“我的诉求”中找到事项编号');
    // Staff who read the case may print it for the enterprise.
    expect(await download('yingshangban', `/api/cases/${submitted.id}/acceptance-receipt.docx`)).toContain(submitted.number);
    await expectRefused('qiye2', `/api/cases/${submitted.id}/acceptance-receipt.docx`, 404, 'CASE_NOT_FOUND');
    await expectRefused('jb-jiaoyu', `/api/cases/${submitted.id}/acceptance-receipt.docx`, 404, 'CASE_NOT_FOUND');
  });

  it('gives staff the 案件办理单 with facts, amounts, deadline and the timeline; not to the enterprise (403)', async () => {
    const text = await download('hd-jiaoyu', `/api/cases/${submitted.id}/handling-form.docx`);
    expect(text).toContain('问题事项办理单');
    expect(text).toContain(`事项编号：${submitted.number}`);
    expect(text).toContain('专项行动清理拖欠企业账款');
    expect(text).toContain(`企业${FIRM.name}`);
    expect(text).toContain('企业主张金额¥680,000.00（68.00万元）');
    expect(text).toContain('尾款至今未付');
    expect(text).toContain('2026-03-03受理');
    expect(text).toContain('尚未提交书面反馈');
    await expectRefused('qiye1', `/api/cases/${submitted.id}/handling-form.docx`, 403, 'FORBIDDEN');
    await expectRefused('jb-jiaoyu', `/api/cases/${submitted.id}/handling-form.docx`, 404, 'CASE_NOT_FOUND');
    await expectRefused('yingshangban', '/api/cases/not-a-uuid/handling-form.docx', 400, 'VALIDATION_FAILED');
  });

  it('titles a closed case’s form 销号审批表 with the feedback and the 销号 decision', async () => {
    const text = await download('yingshangban', `/api/cases/${closed.id}/handling-form.docx`);
    expect(text).toContain('问题事项销号审批表');
    expect(text).toContain('已于2026年3月2日一次性付清食堂设备款。');
    expect(text).toContain('四、销号意见');
    expect(text).toContain('经审核，同意销号。材料齐全，同意销号。');
    expect(text).toContain('销号日期：2026-03-02');
    expect(text).toContain('未清偿¥0.00（0.00万元）');
  });
});
