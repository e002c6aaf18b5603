/**
 * The demo's policy line (惠企政策兑现, P1–P5): six enterprises' problems with promised
 * benefits — a deferral waiting for the enterprise's agreement in its portal, funds partly paid
 * and past their date, a department rectifying how it publishes a policy, a cumbersome
 * procedure put right and closed, a disputed term under mediation, and funds paid in full
 * waiting for 销号.
 */
import { addCalendarDays } from '../domain/calendar.ts';
import type { PolicyCategory } from '../domain/lines/policy/facts.ts';
import { yuan, type Fen } from '../domain/money.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import type { DemoUsername } from './accounts.ts';
import { close, escalate, feedback, fulfil, pay, rectificationPlan, type DemoCase, type DemoStep } from './script.ts';

const HD = LOCAL_UNIT_IDS.handong;

/** P1, P2: a problem of knowing or procedure goes to the department's rectification plan. */
const classifyRectifiable = (after: number, by: DemoUsername, category: Extract<PolicyCategory, 'awareness' | 'procedure'>, policy: string): DemoStep => ({
  after,
  by,
  command: () => ({ action: 'classify', classification: { line: 'policy', category, policy } }),
});

/** P5: funds due by `dueInDays` calendar days from the step; P3: or deferred for the difficulty given. */
const classifyFunds = (after: number, by: DemoUsername, policy: string, amount: Fen, due: { dueInDays: number } | { difficulty: string }): DemoStep => ({
  after,
  by,
  command: ({ today }) => ({
    action: 'classify',
    classification: {
      line: 'policy',
      category: 'fulfilment',
      cause: 'funds',
      policy,
      amount,
      ...('dueInDays' in due ? { dueOn: addCalendarDays(today, due.dueInDays) } : { fundsDifficulty: due.difficulty }),
    },
  }),
});

/** P4: a disputed term goes to the policy-making department for 协商. */
const classifyDispute = (after: number, by: DemoUsername, policy: string, amount: Fen): DemoStep => ({
  after,
  by,
  command: () => ({ action: 'classify', classification: { line: 'policy', category: 'fulfilment', cause: 'dispute', policy, amount } }),
});

/** P3: the deferral put to the enterprise, to a date `days` calendar days from the step. */
const proposeDeferral = (after: number, by: DemoUsername, days: number, reason: string): DemoStep => ({
  after,
  by,
  command: ({ today }) => ({ action: 'propose_plan', deferral: { newDate: addCalendarDays(today, days), reason } }),
});

export const DEMO_POLICY_CASES: readonly DemoCase[] = [
  {
    // The enterprise's own complaint; 营商办 accepts it, the zone's finance bureau proposes a deferral that waits for the enterprise (qiye2).
    registeredOn: '2026-11-09',
    by: 'qiye2',
    line: 'policy',
    source: 'enterprise',
    title: '高新区未兑现2025年度智能制造技术改造奖补资金',
    facts: '公司2025年实施焊接机器人产线技术改造，已通过验收并列入高新区奖补名单，按“30条”第6条应获设备投资额10%的奖补120万元，至今未拨付。',
    enterprise: 'hanshui',
    responsibleUnitId: LOCAL_UNIT_IDS.gaoxin.caizhengju,
    claimedAmount: yuan(1_200_000),
    steps: [
      classifyFunds(3, 'yingshangban', '《汉江市加快制造业高质量发展若干政策》（30条）第6条', yuan(1_200_000), {
        difficulty: '高新区2026年度技改奖补资金已按年初预算拨付完毕，剩余奖补须待年度预算调整。',
      }),
      proposeDeferral(4, 'yingshangban', 75, '区管委会已将该笔奖补列入2027年第一季度预算调整，拟于2027年2月底前一次性拨付。'),
    ],
    expect: 'awaiting_consent',
  },
  {
    // P5: the funds were due in October; 30 万 of 80 万 is paid and the rest is overdue.
    registeredOn: '2026-09-07',
    by: 'handong',
    line: 'policy',
    source: 'self_inspection',
    title: '汉东区2025年度节能环保专项资金未足额拨付',
    facts: '区财政局自查发现，绿源环保科技2025年度污水处理设备节能改造项目经评审应获专项资金80万元，仅拨付30万元。',
    enterprise: 'lvyuan',
    responsibleUnitId: HD.caizhengju,
    claimedAmount: yuan(800_000),
    steps: [
      classifyFunds(2, 'handong', '《汉东区节能环保产业发展专项资金管理办法》第十条', yuan(800_000), { dueInDays: 30 }),
      pay(8, 'handong', yuan(300_000)),
    ],
    expect: 'performing',
  },
  {
    // P1: the bureau publishes and interprets the policy on its home page, on a plan.
    registeredOn: '2026-11-02',
    by: 'yingshangban',
    line: 'policy',
    source: 'petition',
    title: '汉东区教育局民办教育扶持政策未公开解读',
    facts: '企业来访反映：区教育局2026年出台的民办教育机构设备购置补助政策未在部门网站发布，企业不知申报条件和时限，错过首批申报。',
    enterprise: 'boya',
    responsibleUnitId: HD.jiaoyuju,
    claimedAmount: null,
    steps: [
      classifyRectifiable(3, 'hd-jiaoyu', 'awareness', '《汉东区支持民办教育规范发展若干措施》第四条 设备购置补助'),
      rectificationPlan(3, 'hd-jiaoyu', ['在区教育局网站首页发布政策原文和图文解读', '编制并公布申兑指南，增设第二批申报', '在区政务服务大厅咨询专窗配备政策问答'], 25, {
        name: '王芳',
        post: '汉东区教育局计划财务科科长',
        phone: '0710-3216621',
      }),
    ],
    expect: 'performing',
  },
  {
    // P2: one window and fewer papers; done, reported and closed.
    registeredOn: '2026-08-17',
    by: 'yingshangban',
    line: 'policy',
    source: 'complaint_platform',
    title: '青山县农业产业化奖补申报须重复提交纸质材料',
    facts: '企业在非公有制企业服务平台反映：申报县级农业产业化龙头企业奖补须向农业农村局、财政局、发改局分别提交同一套纸质材料共计三份。',
    enterprise: 'fengyuan',
    responsibleUnitId: LOCAL_UNIT_IDS.qingshan.government,
    claimedAmount: null,
    steps: [
      classifyRectifiable(3, 'yingshangban', 'procedure', '《青山县促进农业产业化发展奖补办法》'),
      rectificationPlan(4, 'yingshangban', ['奖补申报纳入县政务服务中心兑现专窗一窗受理', '三部门共享申报材料，企业只交一次', '申报材料由14项精简为6项'], 30, {
        name: '赵德明',
        post: '青山县人民政府办公室副主任',
      }),
      fulfil(18, 'yingshangban', '兑现专窗已于10月起一窗受理，材料精简为6项，三部门内部流转。'),
      feedback(3, 'yingshangban', '农业产业化奖补已实现一窗受理、材料一次提交。', [
        { title: '青山县惠企政策兑现专窗工作规程', reference: '青政办发〔2026〕27号' },
      ]),
      close(3, '整改到位，同意销号。'),
    ],
    expect: 'closed',
  },
  {
    // P4: negotiation with the zone failed; the city government mediates.
    registeredOn: '2026-09-21',
    by: 'yingshangban',
    line: 'policy',
    source: 'assigned',
    instruction: '请经开区管委会与企业协商解决房租补贴条款适用争议。',
    title: '经开区数字经济企业房租补贴条款适用争议',
    facts: '企业租用经开区数字产业园办公用房，认为符合“30条”第12条房租补贴条件；经开区财政局认为该条仅适用于自有产权园区，拒绝兑现补贴46.8万元。',
    enterprise: 'jianghan',
    responsibleUnitId: LOCAL_UNIT_IDS.jingkai.caizhengju,
    claimedAmount: yuan(468_000),
    steps: [
      classifyDispute(4, 'yingshangban', '《汉江市加快数字经济发展若干政策》（30条）第12条', yuan(468_000)),
      escalate(25, 'yingshangban', '经开区财政局与企业两轮协商未就“产业园区”范围达成一致，提请市政府协调。'),
    ],
    expect: 'mediating',
  },
  {
    // P5: paid in full; the written feedback waits for 营商办's 销号.
    registeredOn: '2026-10-12',
    by: 'jiangbei',
    line: 'policy',
    source: 'self_inspection',
    title: '江北区医疗器械产业扶持资金拨付滞后',
    facts: '区财政局自查发现，恒信医疗器械2025年度新获二类医疗器械注册证奖励45万元审核通过后超过60个工作日未拨付。',
    enterprise: 'hengxin',
    responsibleUnitId: LOCAL_UNIT_IDS.jiangbei.caizhengju,
    claimedAmount: yuan(450_000),
    steps: [
      classifyFunds(2, 'jiangbei', '《江北区促进生物医药产业发展若干措施》第七条', yuan(450_000), { dueInDays: 20 }),
      pay(10, 'jiangbei'),
      feedback(3, 'jiangbei', '奖励资金45万元已一次性拨付到企业账户。'),
    ],
    expect: 'feedback_submitted',
  },
];
