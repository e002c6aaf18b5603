/**
 * The demo's intake desk and integrity line (S3, G2, G3): complaints waiting for 营商办 — one
 * of them an obvious repeat of an arrear already in negotiation — two leader assignments, and
 * six rectification items from a fresh self-inspection finding to a closed one, one of them past
 * its time limit for the supervision ladder.
 */
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { intakeStatusOnRegistration } from '../domain/intake/intake.ts';
import { DEMO_ACCOUNTS } from './accounts.ts';
import { yuan } from '../domain/money.ts';
import {
  accept,
  classifyRectification,
  classifyUndisputed,
  close,
  feedback,
  fulfil,
  rectificationPlan,
  reportProgress,
  supervise,
  type DemoCase,
} from './script.ts';

const HD = LOCAL_UNIT_IDS.handong;
const JB = LOCAL_UNIT_IDS.jiangbei;

/** 交办意见 of a complaint accepted in the demo's scripts written before intake existed. */
const STANDARD_INSTRUCTION = '请你单位于5个工作日内核实企业反映情况，依规分类处置，并将处置意见报市营商办。';

/**
 * S3: a complaint from outside is accepted and assigned before its responsible unit handles it.
 * Scripts that start by handling such a complaint get 营商办's `accept` one working day after
 * registration (their first step moves a day less, so the story keeps its dates); scripts that
 * already start with 营商办's intake decision stay as written.
 */
export const takenIn = (script: DemoCase): DemoCase => {
  const [first, ...rest] = script.steps;
  const role = DEMO_ACCOUNTS.find((account) => account.username === script.by)?.role ?? 'business_office';
  if (intakeStatusOnRegistration(script.source, role) === 'accepted' || first === undefined) return script;
  const action = first.command({ today: script.registeredOn, record: { claimedAmount: script.claimedAmount } as CaseRecord }).action;
  if (action === 'accept' || (first.by === 'yingshangban' && (action === 'dismiss' || action === 'merge'))) return script;
  const shifted = typeof first.after === 'number' && first.after > 1 ? { ...first, after: first.after - 1 } : first;
  return { ...script, steps: [accept(1, script.responsibleUnitId, STANDARD_INSTRUCTION), shifted, ...rest] };
};

/** Complaints from outside still waiting on the intake desk (受理台). */
const PENDING: DemoCase[] = [
  {
    // Repeats 汉东区教育局拖欠教育城域网运维费 (self-inspected 2026-10-20, in negotiation): same enterprise, debtor and amount.
    registeredOn: '2026-11-23',
    by: 'yingshangban',
    source: 'complaint_platform',
    title: '汉东区教育局拖欠教育城域网运维服务费',
    facts: '企业在非公有制企业服务平台反映：2025年度教育城域网运维服务费64万元，汉东区教育局以服务考核扣分为由至今未付。',
    enterprise: 'jianghan',
    responsibleUnitId: HD.jiaoyuju,
    claimedAmount: yuan(640_000),
    steps: [],
    expect: 'registered',
  },
  {
    registeredOn: '2026-11-20',
    by: 'yingshangban',
    source: 'petition',
    title: '石门县人民医院拖欠医用耗材货款',
    facts: '企业来信反映：2025年3月至9月向石门县人民医院供应一次性医用耗材，货款42.6万元经对账确认，医院以资金紧张为由未付。',
    enterprise: 'hengxin',
    responsibleUnitId: LOCAL_UNIT_IDS.shimen.institution,
    claimedAmount: yuan(426_000),
    steps: [],
    expect: 'registered',
  },
  {
    registeredOn: '2026-11-24',
    by: 'yingshangban',
    source: 'provincial_platform',
    title: '汉江经开建设投资公司拖欠标准化厂房钢结构工程款',
    facts: '湖北省中小微企业诉求响应平台转办：经开区标准化厂房（三期）钢结构工程2025年12月竣工验收，结算价款318万元，已付100万元，余款未付。',
    enterprise: 'chufeng',
    responsibleUnitId: LOCAL_UNIT_IDS.jingkai.soe,
    claimedAmount: yuan(2_180_000),
    steps: [],
    expect: 'registered',
  },
  {
    registeredOn: '2026-11-25',
    by: 'qiye2',
    source: 'enterprise',
    title: '汉江职业技术学院拖欠智能制造实训设备尾款',
    facts: '2025年9月交付工业机器人实训工作站6套，验收合格，合同约定验收后60日内付清尾款86.5万元，至今未付。',
    enterprise: 'hanshui',
    responsibleUnitId: UNIT_IDS.vocationalCollege,
    claimedAmount: yuan(865_000),
    steps: [],
    expect: 'registered',
  },
];

/** Leader assignments (领导交办): 营商办 takes them in and hands them to the unit (交办) with its own instruction beside the leader's. */
const LEADER_ASSIGNED: DemoCase[] = [
  {
    registeredOn: '2026-11-09',
    by: 'leader',
    source: 'assigned',
    title: '青山县城投公司拖欠安置房项目设计费',
    facts: '企业在政企座谈会上反映：青山县城南安置房项目施工图设计费28.5万元，2025年已完成审图备案，至今未付。',
    instruction: '请市营商办督促青山县政府，本月内拿出付款方案，确保年底前付清。',
    enterprise: 'tianheng',
    responsibleUnitId: LOCAL_UNIT_IDS.qingshan.soe,
    claimedAmount: yuan(285_000),
    steps: [
      accept(1, LOCAL_UNIT_IDS.qingshan.soe, '按领导批示，请青山县城投公司10个工作日内核实设计费结算情况，提出付款方案报市营商办。'),
      classifyUndisputed(2, 'yingshangban'),
    ],
    expect: 'performing',
  },
  {
    registeredOn: '2026-10-26',
    by: 'leader',
    line: 'integrity',
    source: 'assigned',
    title: '江北区政府招商项目配套道路承诺未按期兑现问题整改',
    facts: '企业反映：江北区2023年招商引资协议承诺2024年底前建成厂区配套道路，至今未开工，影响企业物流通行。',
    instruction: '请江北区政府对照协议逐项梳理未履约事项，制定整改方案，明确时限和责任人，整改情况报市营商办。',
    enterprise: 'huajing',
    responsibleUnitId: JB.government,
    claimedAmount: null,
    steps: [
      accept(1, JB.government, '按领导批示，请江北区政府逐项梳理招商引资协议未履约事项，制定整改方案报市营商办。'),
      classifyRectification(1, 'jiangbei', '招商引资协议约定的配套设施未按期建设'),
      rectificationPlan(4, 'jiangbei', ['区发改局完成道路立项和资金安排', '区交通运输局12月底前开工建设', '与企业签订补充协议，明确建成时限及临时通行保障'], 96, {
        name: '周建国',
        post: '江北区人民政府副区长',
        phone: '0710-3325678',
      }),
      reportProgress(10, 'jiangbei', '道路已完成立项，资金纳入区级年度预算，施工单位招标中。', 40),
    ],
    expect: 'performing',
  },
];

/** Self-inspected and audited rectification items of the counties (G2, G3). */
const RECTIFICATION: DemoCase[] = [
  {
    registeredOn: '2026-08-03',
    by: 'handong',
    line: 'integrity',
    source: 'self_inspection',
    title: '汉东区招商引资合同含“政策调整不予补偿”违法条款',
    facts: '自查发现，2022年以来签订的4份招商引资合同约定“因政策调整导致承诺无法兑现的，政府不承担补偿责任”，违反《优化营商环境条例》第三十一条。',
    enterprise: null,
    responsibleUnitId: HD.government,
    claimedAmount: null,
    steps: [
      classifyRectification(3, 'handong', '合同条款违法，须依法修订'),
      rectificationPlan(4, 'handong', ['区司法局逐份审查合同并出具法律意见', '与4家企业协商签订补充协议，删除免责条款', '建立招商合同合法性审查前置制度'], 45, {
        name: '李明',
        post: '汉东区司法局副局长',
        phone: '0710-3201234',
      }),
      reportProgress(12, 'handong', '已与3家企业签订补充协议，第4家正在协商。', 75),
      fulfil(10, 'handong', '4份补充协议均已签订，违法条款全部删除；《汉东区招商引资合同合法性审查办法》已印发。'),
      feedback(3, 'handong', '4份招商合同违法条款已全部清理，合法性审查前置制度已建立。', [
        { title: '补充协议（4份）', reference: '汉东招商补〔2026〕1—4号' },
        { title: '汉东区招商引资合同合法性审查办法', reference: '汉东政办发〔2026〕18号' },
      ]),
      close(3, '整改措施落实到位，书面反馈材料齐全，同意销号。'),
    ],
    expect: 'closed',
  },
  {
    registeredOn: '2026-09-07',
    by: 'jiangbei',
    line: 'integrity',
    source: 'self_inspection',
    title: '江北区政府投资项目合同以审计结论作为结算依据',
    facts: '自查发现，江北区2024—2025年7个政府投资项目施工合同约定“以审计结论作为竣工结算依据”，导致结算周期过长。',
    enterprise: null,
    responsibleUnitId: JB.government,
    claimedAmount: null,
    steps: [
      classifyRectification(2, 'jiangbei'),
      rectificationPlan(3, 'jiangbei', ['修订政府投资项目合同示范文本', '对7个项目按合同约定和审定结算及时支付', '将结算时限纳入区直单位绩效考核'], 60, {
        name: '王磊',
        post: '江北区财政局局长',
      }),
      reportProgress(15, 'jiangbei', '合同示范文本已修订，5个项目已完成结算支付。', 70),
      fulfil(20, 'jiangbei', '7个项目均已完成结算支付，新版合同示范文本已启用。'),
      feedback(2, 'jiangbei', '违规条款已清理，7个项目结算款已全部支付。', [
        { title: '江北区政府投资项目施工合同示范文本（2026年修订）', reference: '江北财建〔2026〕41号' },
      ]),
    ],
    expect: 'feedback_submitted',
  },
  {
    // Past its time limit (S1): the supervision ladder has reached 催办.
    registeredOn: '2026-09-14',
    by: 'handong',
    line: 'integrity',
    source: 'audit',
    title: '汉东区住建局工程质量保证金逾期未退还',
    facts: '区审计局审计发现，区住建局12个已过缺陷责任期的项目质量保证金共计187万元未按合同约定退还施工企业。',
    enterprise: 'lvyuan',
    responsibleUnitId: HD.zhujianju,
    claimedAmount: yuan(1_870_000),
    steps: [
      classifyRectification(3, 'handong', '逾期未退还保证金'),
      rectificationPlan(5, 'handong', ['逐项目核对缺陷责任期和保证金余额', '10月底前全部退还', '建立保证金台账动态管理'], 30, {
        name: '陈志强',
        post: '汉东区住房和城乡建设局副局长',
        phone: '0710-3219876',
      }),
      reportProgress(10, 'handong', '已核对完毕，退还4个项目保证金62万元，其余资金待区财政拨付。', 35),
      supervise(22, 'yingshangban', 'urging', '整改时限已过，请汉东区于5个工作日内完成剩余保证金退还并报送进展。'),
    ],
    expect: 'performing',
  },
  {
    registeredOn: '2026-11-16',
    by: 'jiangbei',
    line: 'integrity',
    source: 'self_inspection',
    title: '江北区国投公司对供应商单方延长付款周期',
    facts: '自查发现，区国投公司2026年起在采购合同中单方将付款周期由30日延长至180日，涉及中小企业供应商23家。',
    enterprise: null,
    responsibleUnitId: JB.soe,
    claimedAmount: null,
    steps: [classifyRectification(3, 'jiangbei', '违反《保障中小企业款项支付条例》关于付款期限的规定')],
    expect: 'planning',
  },
  {
    registeredOn: '2026-11-24',
    by: 'handong',
    line: 'integrity',
    source: 'self_inspection',
    title: '汉东区惠企政策兑现承诺时限未向社会公开',
    facts: '自查发现，区政务服务中心受理的惠企政策兑现事项未公开承诺办理时限，企业无法预期兑现时间。',
    enterprise: null,
    responsibleUnitId: HD.government,
    claimedAmount: null,
    steps: [],
    expect: 'registered',
  },
];

export const DEMO_INTAKE_CASES: readonly DemoCase[] = [...PENDING, ...LEADER_ASSIGNED, ...RECTIFICATION];
