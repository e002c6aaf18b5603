/**
 * The demo's investment line (招商引资政策兑现, I1–I6): promises that counties and zones made
 * in investment agreements and did not keep, one or more on every path — money kept by the year
 * end and partly paid, land delivered and closed, deferrals waiting for or agreed by the
 * enterprise, a lawful change under way and one compensated and closed, a flawed promise in
 * negotiation, one whose terms were lowered, one compensated and reported, and the dispute path
 * escalated to mediation and to court.
 */
import { addCalendarDays } from '../domain/calendar.ts';
import type { ChangeReason, InvestmentSituation } from '../domain/lines/investment/facts.ts';
import { yuan, type Fen } from '../domain/money.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import type { DemoUsername } from './accounts.ts';
import { close, consent, escalate, feedback, fulfil, litigate, pay, type DemoCase, type DemoStep } from './script.ts';

type Facts = { promise: string; legalityReason?: string; amount?: Fen; performInDays?: number; budgetDifficulty?: string; change?: { reason: ChangeReason; authority: string } };

/** I1–I5: the legality review and the situation, with the facts the situation takes. */
const classify = (after: number, by: DemoUsername, situation: InvestmentSituation, facts: Facts): DemoStep => ({
  after,
  by,
  command: ({ today }) => ({
    action: 'classify',
    classification: {
      line: 'investment',
      legality: situation === 'conditions_unmet' || situation === 'beyond_capacity' ? 'flawed' : 'compliant',
      situation,
      promise: facts.promise,
      legalityReason: facts.legalityReason,
      amount: facts.amount,
      performBy: facts.performInDays === undefined ? undefined : addCalendarDays(today, facts.performInDays),
      budgetDifficulty: facts.budgetDifficulty,
      changeReason: facts.change?.reason,
      changeAuthority: facts.change?.authority,
    },
  }),
});

/** I2: the deferral put to the enterprise, to a date `days` calendar days from the step. */
const proposeDeferral = (after: number, by: DemoUsername, days: number, reason: string): DemoStep => ({
  after,
  by,
  command: ({ today }) => ({ action: 'propose_plan', deferral: { newDate: addCalendarDays(today, days), reason } }),
});

/** I4–I6: the agreement or mediation plan: lowered terms, money, or both. */
const agreeTerms = (after: number, by: DemoUsername, outcome: { amount: Fen; terms?: string; document: string; mediators?: string }): DemoStep => ({
  after,
  by,
  command: () => ({ action: 'agree', ...outcome }),
});

/** I3: the change made by the legal authority and procedure, and the compensation paid. */
const compensate = (after: number, by: DemoUsername, change: { legalBasis: string; procedure: string; amount: Fen; voucher: string }): DemoStep => ({
  after,
  by,
  command: ({ today }) => ({ action: 'compensate', ...change, paidOn: today }),
});

const L = LOCAL_UNIT_IDS;

export const DEMO_INVESTMENT_CASES: readonly DemoCase[] = [
  {
    // I1: 600 万 of equipment subsidy due by the year end; 200 万 paid, the rest at year-end risk (qiye2).
    registeredOn: '2026-09-14',
    by: 'qiye2',
    line: 'investment',
    source: 'enterprise',
    title: '高新区管委会未兑现投资协议约定的设备购置补助',
    facts: '公司2024年与高新区管委会签订《智能装备产业园项目投资协议》（汉高新招协〔2024〕07号），第六条约定项目投产后按设备投资额的10%给予设备购置补助，核定600万元。项目已于2025年10月投产，补助至今未兑现。',
    enterprise: 'hanshui',
    responsibleUnitId: L.gaoxin.government,
    claimedAmount: yuan(6_000_000),
    steps: [
      classify(3, 'yingshangban', 'perform', {
        promise: '《智能装备产业园项目投资协议》（汉高新招协〔2024〕07号）第六条：投产后给予设备购置补助600万元',
        amount: yuan(6_000_000),
        performInDays: 100,
      }),
      pay(20, 'yingshangban', yuan(2_000_000)),
    ],
    expect: 'performing',
  },
  {
    // I1: 50 亩 of industrial land delivered; feedback checked and closed.
    registeredOn: '2026-07-06',
    by: 'yingshangban',
    line: 'investment',
    source: 'assigned',
    instruction: '请经开区管委会按协议约定时限交付项目用地，并报市营商办。',
    title: '经开区管委会未按协议交付汽车零部件项目用地',
    facts: '金轮汽车零部件二期项目投资协议（汉经开招协〔2025〕12号）第四条约定2026年6月底前交付工业用地50亩，至7月初尚未完成挂牌出让。',
    enterprise: 'jinlun',
    responsibleUnitId: L.jingkai.government,
    claimedAmount: null,
    steps: [
      classify(3, 'yingshangban', 'perform', { promise: '《金轮汽车零部件二期项目投资协议》第四条：2026年6月底前交付工业用地50亩', performInDays: 45 }),
      fulfil(25, 'yingshangban', '项目用地50亩已于8月28日完成挂牌出让并交付，取得不动产权证书（汉经开不动产权第0021136号）。'),
      feedback(3, 'yingshangban', '协议约定的50亩工业用地已交付，企业已办理不动产权证书。', [
        { title: '国有建设用地使用权出让合同', reference: '汉经开出让〔2026〕31号' },
        { title: '企业确认函', reference: 'JL-2026-0902' },
      ]),
      close(3, '用地已交付，同意销号。'),
    ],
    expect: 'closed',
  },
  {
    // I2: the district's budget is spent; the deferral waits for the enterprise in its portal (qiye1).
    registeredOn: '2026-11-02',
    by: 'jiangbei',
    line: 'investment',
    source: 'self_inspection',
    title: '江北区政府未兑现装配式建筑构件基地厂房租金补贴',
    facts: '江北区自查发现：与楚风建筑签订的装配式建筑构件生产基地投资协议（江北招协〔2024〕19号）第八条约定前三年厂房租金全额补贴，2026年度补贴150万元尚未拨付。',
    enterprise: 'chufeng',
    responsibleUnitId: L.jiangbei.government,
    claimedAmount: yuan(1_500_000),
    steps: [
      classify(3, 'jiangbei', 'budget', {
        promise: '《装配式建筑构件生产基地投资协议》（江北招协〔2024〕19号）第八条：前三年厂房租金全额补贴',
        amount: yuan(1_500_000),
        budgetDifficulty: '江北区2026年度招商奖补预算已执行完毕，新增支出须经2027年预算安排。',
      }),
      proposeDeferral(4, 'jiangbei', 110, '补贴已列入江北区2027年预算草案，拟于2027年3月底前一次性拨付。'),
    ],
    expect: 'awaiting_consent',
  },
  {
    // I2: the enterprise signed its agreement to the deferral; performance runs to the new date.
    registeredOn: '2026-09-01',
    by: 'handong',
    line: 'investment',
    source: 'self_inspection',
    title: '汉东区政府未兑现环保装备项目固定资产投资奖励',
    facts: '汉东区自查发现：绿源环保污水处理装备项目投资协议（汉东招协〔2023〕05号）第七条约定固定资产投资达1亿元后奖励200万元，企业已于2026年5月达标，奖励未兑现。',
    enterprise: 'lvyuan',
    responsibleUnitId: L.handong.government,
    claimedAmount: yuan(2_000_000),
    steps: [
      classify(3, 'handong', 'budget', {
        promise: '《污水处理装备项目投资协议》（汉东招协〔2023〕05号）第七条：固定资产投资达1亿元后奖励200万元',
        amount: yuan(2_000_000),
        budgetDifficulty: '区级财政资金紧张，年内只能安排部分奖励资金。',
      }),
      proposeDeferral(3, 'handong', 150, '奖励资金分两次安排，2027年1月底前全部兑现。'),
      consent(5, 'yingshangban', '绿源环保《关于同意延期兑现投资奖励的函》（2026年9月22日，加盖公章）'),
    ],
    expect: 'performing',
  },
  {
    // I3: the promised riverside plot was re-planned as a wetland park; the change is under way.
    registeredOn: '2026-10-26',
    by: 'yingshangban',
    line: 'investment',
    source: 'petition',
    title: '临江区未交付承诺的物业服务总部用地',
    facts: '企业来访反映：临江区2024年招商协议承诺在滨江片区提供商务用地15亩建设物业服务总部，该地块2026年因国土空间规划调整为湿地公园，协议无法履行，区政府未与企业协商。',
    enterprise: 'hongtu',
    responsibleUnitId: L.linjiang.government,
    claimedAmount: null,
    steps: [
      classify(3, 'yingshangban', 'lawful_change', {
        promise: '《宏图物业服务总部项目投资协议》第五条：在滨江片区提供商务用地15亩',
        change: { reason: 'planning', authority: '临江区人民政府常务会议（依据汉江市国土空间总体规划调整批复）' },
      }),
    ],
    expect: 'changing',
  },
  {
    // I3: an ecological red line ended a scenic-area concession; losses compensated and closed.
    registeredOn: '2026-06-15',
    by: 'yingshangban',
    line: 'investment',
    source: 'assigned',
    instruction: '请青山县依法依规处理生态保护红线调整涉及的招商承诺，妥善补偿企业损失。',
    title: '青山县因生态保护红线调整终止景区经营权承诺',
    facts: '青山县2022年招商协议约定山水旅游公司取得龙潭峡景区20年经营权；2026年该景区划入生态保护红线，经营权无法继续履行，企业前期投入约400万元。',
    enterprise: 'shanshui',
    responsibleUnitId: L.qingshan.government,
    claimedAmount: yuan(4_000_000),
    steps: [
      classify(3, 'yingshangban', 'lawful_change', {
        promise: '《龙潭峡景区开发投资协议》第三条：授予景区20年经营权',
        change: { reason: 'national_policy', authority: '青山县人民政府常务会议' },
      }),
      compensate(30, 'yingshangban', {
        legalBasis: '《青山县人民政府关于终止龙潭峡景区经营权协议并予以补偿的决定》（青政发〔2026〕14号），依据生态保护红线管理规定',
        procedure: '第三方资产评估（鄂华评报字〔2026〕第088号）、听证、县政府常务会议集体决定、与企业签订终止补偿协议',
        amount: yuan(2_600_000),
        voucher: '青财补〔2026〕22号',
      }),
      feedback(3, 'yingshangban', '经营权协议依法终止，评估补偿260万元已支付，企业无异议。', [
        { title: '终止补偿协议', reference: '青政协〔2026〕09号' },
        { title: '补偿资金支付凭证', reference: '青财补〔2026〕22号' },
      ]),
      close(2, '依法变更、足额补偿，同意销号。'),
    ],
    expect: 'closed',
  },
  {
    // I4: the enterprise did not reach the agreed investment; the city negotiates.
    registeredOn: '2026-11-09',
    by: 'yingshangban',
    line: 'investment',
    source: 'complaint_platform',
    title: '丰乐市未兑现新型建材项目税收贡献奖励',
    facts: '企业在非公有制企业服务平台反映：丰乐市招商协议约定年纳税超500万元后按地方留成50%奖励，市政府以企业未完成3亿元投资为由不予兑现。',
    enterprise: 'jinshi',
    responsibleUnitId: L.fengle.government,
    claimedAmount: yuan(1_800_000),
    steps: [
      classify(3, 'yingshangban', 'conditions_unmet', {
        promise: '《新型建材项目投资协议》第九条：年纳税超500万元后按地方留成50%奖励',
        legalityReason: '奖励以完成固定资产投资3亿元为前提（协议第二条），企业实际完成1.7亿元，未达到约定条件。',
      }),
    ],
    expect: 'negotiating',
  },
  {
    // I5: five rent-free years and 100 flats exceeded the zone's capacity; lowered terms are being delivered.
    registeredOn: '2026-09-28',
    by: 'yingshangban',
    line: 'investment',
    source: 'petition',
    title: '经开区未兑现数字科技园免租和人才公寓承诺',
    facts: '企业来访反映：经开区招商时承诺研发楼五年免租并提供人才公寓100套，目前仅免租一年、提供公寓20套。',
    enterprise: 'jianghan',
    responsibleUnitId: L.jingkai.government,
    claimedAmount: null,
    steps: [
      classify(3, 'yingshangban', 'beyond_capacity', {
        promise: '《数字科技园项目投资协议》第五条：研发楼五年免租，提供人才公寓100套',
        legalityReason: '经开区人才公寓总量仅120套，承诺超出管委会履行能力；五年免租超出园区租金减免政策上限。',
      }),
      agreeTerms(10, 'yingshangban', {
        amount: 0,
        terms: '研发楼免租期调整为三年，人才公寓调整为40套，另按实际租金的50%补贴两年',
        document: '《数字科技园项目投资协议补充协议》（汉经开招补〔2026〕04号）',
      }),
    ],
    expect: 'performing',
  },
  {
    // I6: negotiation over a ¥1/m² factory failed; the city government mediates with the court and 司法局.
    registeredOn: '2026-09-07',
    by: 'yingshangban',
    line: 'investment',
    source: 'complaint_platform',
    title: '石门县未按承诺价格提供食品产业园标准化厂房',
    facts: '企业在非公有制企业服务平台反映：石门县承诺以每平方米1元/月的价格提供标准化厂房8000平方米，现按市场价收取租金。',
    enterprise: 'baicao',
    responsibleUnitId: L.shimen.government,
    claimedAmount: yuan(960_000),
    steps: [
      classify(3, 'yingshangban', 'beyond_capacity', {
        promise: '《食品产业园项目投资协议》第六条：标准化厂房8000平方米，租金每平方米1元/月',
        legalityReason: '厂房系县城投公司资产，低于成本出租须经国资监管程序，承诺超出县政府履行能力。',
      }),
      escalate(15, 'yingshangban', '县政府提出按市场价五折出租，企业要求按协议执行，两轮协商未果。'),
    ],
    expect: 'mediating',
  },
  {
    // I5: compensation paid instead of the promise; feedback waits for 营商办's check.
    registeredOn: '2026-08-24',
    by: 'handong',
    line: 'investment',
    source: 'self_inspection',
    title: '汉东区未兑现职业技能培训基地场地承诺',
    facts: '汉东区自查发现：2024年招商协议承诺为启航职业技能培训学校免费提供实训场地3000平方米，因场地移交教育局办学无法兑现。',
    enterprise: 'qihang',
    responsibleUnitId: L.handong.government,
    claimedAmount: yuan(450_000),
    steps: [
      classify(3, 'handong', 'beyond_capacity', {
        promise: '《职业技能培训基地项目投资协议》第四条：免费提供实训场地3000平方米',
        legalityReason: '承诺场地系划拨教育用地，区政府无权无偿提供给营利性培训机构。',
      }),
      agreeTerms(8, 'handong', { amount: yuan(450_000), document: '《实训场地承诺解除及补偿协议》（汉东招补〔2026〕02号）' }),
      pay(10, 'handong'),
      feedback(3, 'handong', '双方协商解除场地承诺，区政府补偿企业装修投入45万元，已全额支付。'),
    ],
    expect: 'feedback_submitted',
  },
  {
    // I6: mediation failed; the dispute over a textile project's reward is in court.
    registeredOn: '2026-07-13',
    by: 'yingshangban',
    line: 'investment',
    source: 'assigned',
    instruction: '请丰乐市政府依法处理恒丰纺织投资奖励争议。',
    title: '丰乐市与恒丰纺织投资奖励争议',
    facts: '丰乐市招商协议约定企业三年内投产后奖励300万元，企业认为已投产，市政府认为投产未达协议约定产能，双方争议较大。',
    enterprise: 'hengfeng',
    responsibleUnitId: L.fengle.government,
    claimedAmount: yuan(3_000_000),
    steps: [
      classify(3, 'yingshangban', 'conditions_unmet', {
        promise: '《纺织产业升级项目投资协议》第十条：三年内投产后奖励300万元',
        legalityReason: '协议约定“投产”指达到设计产能60%，企业现产能约35%。',
      }),
      escalate(20, 'yingshangban', '企业不认可产能标准，协商未果。'),
      litigate(25, 'yingshangban', '市政府组织汉江市中级人民法院、市司法局调解，企业不接受调解方案。'),
    ],
    expect: 'litigating',
  },
];
