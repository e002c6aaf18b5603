/**
 * 兑现 in the demo (P2, P5): applications in every state on 经信局's clauses, so that the window,
 * the reviewing department and the enterprises each have something to do — one fully paid, one
 * approved and paid in part for months (a slow disbursement), one paid in part and still within
 * its limit (on 财政局's 资金拨付 list, not yet late), one refused, one waiting for
 * 补正, one under review — and the 免申即享 items the morning matching made, one of them paid.
 */
import type { AppContext } from '../app-context.ts';
import { uploadAttachment } from '../attachments/upload-attachment.ts';
import { actOnApplication } from '../benefits/act-on-application.ts';
import { loadApplication } from '../benefits/application-store.ts';
import { raiseNoApplicationItems } from '../benefits/no-application-sweep.ts';
import { sweepSlowDisbursements } from '../benefits/slow-disbursement-sweep.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import { claimDailyRun, finishDailyRun } from '../jobs/job-runs.ts';
import { DISBURSEMENT_SWEEP_JOB } from '../jobs/scheduler.ts';
import { submitApplication } from '../benefits/submit-application.ts';
import { recordWindowService } from '../benefits/window-services.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { ApplicationCommand, ApplicationStep } from '../domain/benefits/application.ts';
import { and, eq } from 'drizzle-orm';
import { benefitApplications, benefitPolicies } from '../db/schema.ts';
import { DEMO_ENTERPRISES, type DemoEnterpriseKey } from './enterprises.ts';

const WAN = 1_000_000;
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00+08:00`);
const pdf = (name: string) => Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** A step as the script writes it: without the version (read when played), a voucher by its file name. */
type DemoCommand = ApplicationStep & { voucher?: string };
type Step = { on: string; by: 'jingxinju' | 'applicant'; command: DemoCommand };

interface ScriptedApplication {
  readonly enterprise: DemoEnterpriseKey;
  readonly documentNo: string;
  readonly clause: string;
  /** Who applies: the enterprise's own account in the portal, or 营商办's window on its behalf. */
  readonly applicant: 'qiye2' | 'yingshangban';
  readonly on: string;
  readonly steps: readonly Step[];
}

const DIGITAL = { documentNo: '汉经信发〔2025〕21号', clause: '数字化改造奖补' };
const RETROFIT = { documentNo: '汉经信发〔2026〕5号', clause: '技改设备投资奖补' };

const SCRIPT: readonly ScriptedApplication[] = [
  {
    enterprise: 'kaiyuan',
    ...DIGITAL,
    applicant: 'yingshangban',
    on: '2026-04-13',
    steps: [
      { on: '2026-05-08', by: 'jingxinju', command: { action: 'approve', amount: 46 * WAN, budgetSource: '市级中小企业数字化转型专项资金', note: '软件和设备投入230万元，按20%核准。' } },
      { on: '2026-06-05', by: 'jingxinju', command: { action: 'disburse', paidOn: '2026-06-05', amount: 46 * WAN, voucher: '国库集中支付凭证.pdf' } },
    ],
  },
  {
    enterprise: 'jinlun',
    ...RETROFIT,
    applicant: 'yingshangban',
    on: '2026-06-15',
    steps: [
      { on: '2026-07-20', by: 'jingxinju', command: { action: 'approve', amount: 120 * WAN, budgetSource: '市级工业企业技术改造专项资金', note: '设备投资1500万元，按8%核准120万元。' } },
      { on: '2026-08-14', by: 'jingxinju', command: { action: 'disburse', paidOn: '2026-08-14', amount: 40 * WAN, voucher: '第一笔拨付凭证.pdf', note: '首笔拨付，其余待年度预算调整后拨付。' } },
    ],
  },
  {
    enterprise: 'hengxin',
    ...DIGITAL,
    applicant: 'yingshangban',
    on: '2026-09-28',
    steps: [
      { on: '2026-10-27', by: 'jingxinju', command: { action: 'approve', amount: 28 * WAN, budgetSource: '市级中小企业数字化转型专项资金', note: '软件和设备投入140万元，按20%核准。' } },
      { on: '2026-11-18', by: 'jingxinju', command: { action: 'disburse', paidOn: '2026-11-18', amount: 10 * WAN, voucher: '首笔拨付凭证.pdf', note: '首笔拨付，余款按项目验收进度拨付。' } },
    ],
  },
  {
    enterprise: 'hengfeng',
    ...RETROFIT,
    applicant: 'yingshangban',
    on: '2026-09-01',
    steps: [{ on: '2026-09-22', by: 'jingxinju', command: { action: 'refuse', reason: '经现场核查，项目年度设备投资额为186万元，未达到300万元的申报标准。' } }],
  },
  {
    enterprise: 'hanshui',
    ...DIGITAL,
    applicant: 'qiye2',
    on: '2026-11-09',
    steps: [{ on: '2026-11-16', by: 'jingxinju', command: { action: 'request_supplement', missing: ['数字化水平评测报告（第三方机构出具）'], note: '所附评测报告为企业自评，请补充第三方机构出具的评测报告。' } }],
  },
  { enterprise: 'huaxia', ...RETROFIT, applicant: 'yingshangban', on: '2026-11-20', steps: [] },
];

/**
 * Plays the demo's applications through the real use cases at their dates, then the 免申即享
 * matching of 8 October and the payment of one item. Returns how many applications it wrote.
 */
export const seedDemoApplications = async (app: AppContext, setClock: (at: Date) => void, actors: { yingshangban: Actor; jingxinju: Actor; qiye2: Actor }): Promise<number> => {
  const clauseOf = async (documentNo: string, title: string) => {
    const [policy] = await app.db.select().from(benefitPolicies).where(and(eq(benefitPolicies.tenantId, app.tenantId), eq(benefitPolicies.documentNo, documentNo)));
    return { policyId: policy!.id, clause: policy!.clauses.find((clause) => clause.title === title)! };
  };
  const act = async (id: string, actor: Actor, command: DemoCommand) => {
    const { version } = (await loadApplication(app.db, app.tenantId, id)).record;
    const { voucher, ...rest } = command;
    const voucherAttachmentId = voucher === undefined ? undefined : (await uploadAttachment(app, actor, { fileName: voucher, content: pdf(voucher) })).id;
    await actOnApplication(app, actor, id, { ...rest, expectedVersion: version, ...(voucherAttachmentId ? { voucherAttachmentId } : {}) } as ApplicationCommand);
  };
  for (const script of SCRIPT) {
    setClock(at(script.on, '09:30'));
    const applicant = actors[script.applicant];
    const { policyId, clause } = await clauseOf(script.documentNo, script.clause);
    const materials = [];
    for (const name of clause.materials) materials.push({ name, attachmentId: (await uploadAttachment(app, applicant, { fileName: `${name}.pdf`, content: pdf(name) })).id });
    const id = await submitApplication(app, applicant, { enterpriseUnitId: DEMO_ENTERPRISES[script.enterprise].id, policyId, clauseId: clause.id, materials });
    for (const step of script.steps) {
      setClock(at(step.on, '15:00'));
      await act(id, step.by === 'jingxinju' ? actors.jingxinju : applicant, step.command);
    }
  }
  // The service hall's consultations and coaching (P2): a walk-in, and the enterprises it helped apply.
  const digital = await clauseOf(DIGITAL.documentNo, DIGITAL.clause);
  const retrofit = await clauseOf(RETROFIT.documentNo, RETROFIT.clause);
  for (const [on, input] of [
    ['2026-04-08', { kind: 'consultation', channel: 'counter', enterpriseUnitId: DEMO_ENTERPRISES.kaiyuan.id, policyId: digital.policyId, clauseId: digital.clause.id, question: '软件订阅费能否计入数字化改造投入？', answer: '按年度订阅且合同期在一年以上的软件服务费可计入，需提供合同和付款凭证。' }],
    ['2026-06-12', { kind: 'coaching', channel: 'counter', enterpriseUnitId: DEMO_ENTERPRISES.jinlun.id, policyId: retrofit.policyId, clauseId: retrofit.clause.id, question: '技改设备投资奖补的申报材料如何准备？', answer: '逐项核对项目备案证明、设备购置发票和验收报告，发票金额合计须与备案投资额一致；已当场协助整理材料并代办申报。' }],
    ['2026-11-18', { kind: 'consultation', channel: 'phone', enterpriseName: '汉江市星火科技有限公司', question: '新成立企业能否享受首次认定高新技术企业奖励？', answer: '取得高新技术企业认定后即可，该条款免申即享，无需申报，由政策部门依据认定名单直接兑现。' }],
  ] as const) {
    setClock(at(on, '11:00'));
    await recordWindowService(app, actors.yingshangban, input);
  }
  // The morning matching of 8 October made the 免申即享 items; 经信局 paid the 技术中心 award.
  const items = await raiseNoApplicationItems(app, { now: at('2026-10-08', '08:30') });
  const { clause } = await clauseOf('汉经信发〔2026〕9号', '省级企业技术中心奖励');
  const [award] = await app.db
    .select({ id: benefitApplications.id })
    .from(benefitApplications)
    .where(and(eq(benefitApplications.tenantId, app.tenantId), eq(benefitApplications.clauseId, clause.id), eq(benefitApplications.enterpriseUnitId, DEMO_ENTERPRISES.ruixin.id)));
  setClock(at('2026-10-20', '15:00'));
  await act(award!.id, actors.jingxinju, { action: 'approve', amount: 50 * WAN, budgetSource: '市级企业研发机构建设奖励资金' });
  setClock(at('2026-11-05', '15:00'));
  await act(award!.id, actors.jingxinju, { action: 'disburse', paidOn: '2026-11-05', amount: 50 * WAN, voucher: '奖励资金拨付凭证.pdf' });
  return SCRIPT.length + items;
};

/**
 * The morning's check of slow disbursements (P5), as the scheduler runs it: 金轮's 120万元,
 * approved in July and paid 40万元, is past the 60 working days of a 快申快享 clause and becomes a
 * case led by 财政局. Returns how many cases it registered.
 */
export const seedDisbursementSweepDemo = async (app: AppContext, now: Date): Promise<number> => {
  const day = todayInShanghai(now);
  if (!(await claimDailyRun(app, DISBURSEMENT_SWEEP_JOB, day, now))) return 0;
  const result = await sweepSlowDisbursements(app, { now });
  await finishDailyRun(app, DISBURSEMENT_SWEEP_JOB, day, now, { checked: result.checked, overdue: result.overdue, raised: result.raised.length });
  return result.raised.length;
};
