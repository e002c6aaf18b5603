/**
 * The demo's policy library (P1, P7): 22 enterprise-benefit policies of the city, its counties
 * and zones — eight in the "16条" package for private enterprises, eight in the "30条" package
 * for manufacturing, six of the counties' own — with clauses of every class, amount rules,
 * structured eligibility and materials; several clauses are 免申即享 or 快申快享. One county
 * policy has been revised by a new document and one abolished, as P7 records them. Most
 * policies were published, interpreted and given their 申兑指南 on time (P1); a few departments
 * left something out, and the morning's publication sweep has made those integrity items (G2).
 */
import { asc, eq } from 'drizzle-orm';
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import { addCalendarDays, compareLocalDates, todayInShanghai, type LocalDate } from '../domain/calendar.ts';
import type { Condition } from '../domain/policy-library/conditions.ts';
import type { AmountRule, ClauseClass, ClauseInput, PolicyInput } from '../domain/policy-library/library.ts';
import { PUBLICATION_KINDS, type PublicationInput, type PublicationKind } from '../domain/policy-library/publication.ts';
import { yuan } from '../domain/money.ts';
import { benefitPolicies } from '../db/schema.ts';
import { LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { changePolicy } from '../policy-library/change-policy.ts';
import { loadPolicy } from '../policy-library/policy-store.ts';
import { recordPolicy } from '../policy-library/record-policy.ts';
import { recordPublication } from '../policy-library/record-publication.ts';

const wan = (amount: number) => yuan(amount * 10_000);
const fixed = (amountWan: number): AmountRule => ({ kind: 'fixed', amount: wan(amountWan) });
const rate = (percent: number, base: string, capWan: number | null): AmountRule => ({
  kind: 'rate',
  basisPoints: Math.round(percent * 100),
  base,
  cap: capWan === null ? null : wan(capWan),
});
const NONE: AmountRule = { kind: 'none' };

const clause = (
  article: string,
  title: string,
  kind: ClauseClass,
  content: string,
  amountRule: AmountRule,
  conditions: Condition[],
  materials: string[],
  flags: { noApplication?: boolean; fastTrack?: boolean } = {},
): ClauseInput => ({
  article,
  title,
  class: kind,
  content,
  amountRule,
  conditions,
  materials,
  noApplication: flags.noApplication ?? false,
  fastTrack: flags.fastTrack ?? false,
});

const MANUFACTURING: Condition = { field: 'industry', op: 'in', values: ['C'] };
const SMALL: Condition = { field: 'sizeClass', op: 'in', values: ['medium', 'small', 'micro'] };
const revenueAtLeast = (amountWan: number): Condition => ({ field: 'annualRevenue', op: 'gte', value: wan(amountWan) });
const tag = (value: string): Condition => ({ field: 'tag', op: 'has', value });
const inJurisdiction = (...values: string[]): Condition => ({ field: 'jurisdiction', op: 'in', values });

const policy = (
  documentNo: string,
  title: string,
  issuerUnitId: string,
  packageTag: string | null,
  publishedOn: string,
  effectiveOn: string,
  expiresOn: string | null,
  clauses: ClauseInput[],
): PolicyInput => ({
  documentNo,
  title,
  issuerUnitId,
  ...(packageTag === null ? {} : { packageTag }),
  publishedOn,
  effectiveOn,
  ...(expiresOn === null ? {} : { expiresOn }),
  clauses,
});

const SIXTEEN = '16条';
const THIRTY = '30条';

export const DEMO_POLICIES: readonly PolicyInput[] = [
  policy('汉政发〔2025〕12号', '汉江市促进民营经济高质量发展若干措施', UNIT_IDS.cityGovernment, SIXTEEN, '2025-03-18', '2025-04-01', '2027-12-31', [
    clause('第三条', '中小企业融资担保费补贴', 'subsidy', '对为中小微企业提供融资担保的，按担保金额的1%给予企业担保费补贴，单户每年最高20万元。', rate(1, '担保金额', 20), [SMALL], ['担保合同', '担保费缴费凭证'], { fastTrack: true }),
    clause('第七条', '首次升规入统奖励', 'subsidy', '对首次纳入规模以上工业统计的企业，给予一次性奖励10万元，由统计和财政部门直接兑付。', fixed(10), [MANUFACTURING, revenueAtLeast(2_000)], [], { noApplication: true }),
    clause('第十一条', '专精特新企业奖励', 'subsidy', '对新认定的国家级、省级专精特新“小巨人”和专精特新中小企业，分别给予50万元、20万元奖励。', fixed(20), [tag('专精特新')], ['认定文件'], { noApplication: true }),
  ]),
  policy('汉经信发〔2025〕21号', '汉江市中小企业数字化转型专项资金管理办法', UNIT_IDS.jingxinju, SIXTEEN, '2025-05-06', '2025-05-06', '2027-12-31', [
    clause('第五条', '数字化改造奖补', 'subsidy', '对中小企业实施数字化改造的，按软件和设备投入的20%给予奖补，最高100万元。', rate(20, '软件和设备投入', 100), [SMALL, { field: 'employees', op: 'gte', value: 10 }], ['改造项目验收报告', '软件和设备购置发票', '数字化水平评测报告'], { fastTrack: true }),
  ]),
  policy('汉财规〔2025〕4号', '汉江市惠企资金直达快享实施办法', UNIT_IDS.caizhengju, SIXTEEN, '2025-06-12', '2025-07-01', null, [
    clause('第八条', '奖补资金直达企业账户', 'entitlement', '经审核确定的惠企资金，自申请之日起60个工作日内直接拨付至企业账户，不得层层转拨、截留。', NONE, [], []),
  ]),
  policy('汉政数发〔2025〕7号', '汉江市惠企政策“免申即享”工作规程', UNIT_IDS.zhengshuju, SIXTEEN, '2025-06-20', '2025-07-01', null, [
    clause('第四条', '免申即享资格', 'qualification', '符合条件的企业无需申请，由政策部门依据共享数据确定名单并公示后直接兑现。', NONE, [], [], { noApplication: true }),
  ]),
  policy('汉建发〔2025〕15号', '汉江市支持建筑业企业做大做强若干措施', UNIT_IDS.zhujianju, SIXTEEN, '2025-04-22', '2025-05-01', '2027-12-31', [
    clause('第二条', '资质升级奖励', 'subsidy', '对首次取得施工总承包一级资质的本地建筑业企业，给予一次性奖励20万元。', fixed(20), [{ field: 'industry', op: 'in', values: ['E'] }], ['资质证书', '营业执照'], { fastTrack: true }),
    clause('第五条', '首次入统奖励', 'subsidy', '对首次纳入建筑业统计的企业给予奖励5万元，直接兑付。', fixed(5), [{ field: 'industry', op: 'in', values: ['E'] }, revenueAtLeast(300)], [], { noApplication: true }),
  ]),
  policy('汉文旅发〔2025〕8号', '汉江市促进文化旅游消费若干措施', UNIT_IDS.wenlvju, SIXTEEN, '2025-03-28', '2025-04-01', '2026-12-31', [
    clause('第三条', 'A级景区创建奖励', 'subsidy', '对新评定的国家4A级、5A级旅游景区，分别给予50万元、100万元奖励。', fixed(50), [{ field: 'industry', op: 'in', values: ['N78'] }], ['景区评定文件']),
    clause('第六条', '精品民宿经营场所费用减免', 'reduction', '对评为市级精品民宿的，经营场所租用国有房产的，前两年租金减半。', NONE, [{ field: 'industry', op: 'in', values: ['H61'] }], ['租赁合同', '精品民宿评定文件']),
  ]),
  policy('汉交发〔2025〕6号', '汉江市道路货运企业稳岗扶持办法', UNIT_IDS.jiaotongju, SIXTEEN, '2025-08-05', '2025-08-05', '2026-12-31', [
    clause('第四条', '新能源货车购置补贴', 'subsidy', '对本地道路货运企业购置新能源货车的，按购车价格的10%给予补贴，单车最高5万元。', rate(10, '购车价格', 5), [{ field: 'industry', op: 'in', values: ['G54'] }], ['车辆登记证', '购车发票', '道路运输证']),
  ]),
  policy('汉教发〔2025〕10号', '汉江市普惠性民办幼儿园扶持办法', UNIT_IDS.jiaoyuju, SIXTEEN, '2025-07-15', '2025-09-01', null, [
    clause('第九条', '普惠性民办幼儿园生均奖补', 'subsidy', '对认定的普惠性民办幼儿园，按在园幼儿每生每年1200元给予奖补。', rate(100, '核定生均奖补总额', null), [{ field: 'industry', op: 'in', values: ['P8310'] }], ['普惠性幼儿园认定文件', '在园幼儿花名册']),
  ]),
  policy('汉政发〔2026〕3号', '汉江市加快制造业高质量发展若干政策', UNIT_IDS.cityGovernment, THIRTY, '2026-01-15', '2026-02-01', '2028-12-31', [
    clause('第六条', '智能化技术改造奖补', 'subsidy', '对设备投资额500万元以上的智能化技术改造项目，按设备投资额的10%给予奖补，最高200万元。', rate(10, '设备投资额', 200), [MANUFACTURING, revenueAtLeast(2_000)], ['项目备案证明', '项目验收报告', '设备购置发票', '上年度财务审计报告'], { fastTrack: true }),
    clause('第九条', '首次认定高新技术企业奖励', 'subsidy', '对首次认定的高新技术企业给予一次性奖励30万元，依据认定名单直接兑付。', fixed(30), [tag('高新技术企业')], [], { noApplication: true }),
    clause('第十二条', '研发费用增量补助', 'subsidy', '对规模以上工业企业上年度研发费用比前一年度增长的，按增量部分的5%给予补助，最高100万元。', rate(5, '上年度研发费用增量', 100), [MANUFACTURING, revenueAtLeast(2_000)], ['研发费用专项审计报告', '研发项目立项文件'], { fastTrack: true }),
    clause('第十八条', '标准厂房租金减免', 'reduction', '对入驻政府投资标准厂房的制造业中小企业，前三年租金减半收取。', NONE, [MANUFACTURING, SMALL], ['厂房租赁合同']),
    clause('第二十五条', '绿色工厂认定奖励', 'subsidy', '对新认定的国家级、省级绿色工厂，分别奖励50万元、20万元。', fixed(20), [tag('绿色工厂')], ['认定文件'], { noApplication: true }),
  ]),
  policy('汉经信发〔2026〕5号', '汉江市工业企业技术改造专项资金实施细则', UNIT_IDS.jingxinju, THIRTY, '2026-02-20', '2026-03-01', '2028-12-31', [
    clause('第七条', '技改设备投资奖补', 'subsidy', '对年度设备投资300万元以上的技术改造项目，按设备投资额的8%给予奖补，最高150万元。', rate(8, '设备投资额', 150), [MANUFACTURING, { field: 'yearsRegistered', op: 'gte', value: 2 }], ['项目备案证明', '设备购置发票', '项目验收报告'], { fastTrack: true }),
  ]),
  policy('汉经信发〔2026〕9号', '汉江市企业研发机构建设奖励办法', UNIT_IDS.jingxinju, THIRTY, '2026-03-10', '2026-03-10', '2028-12-31', [
    clause('第三条', '省级企业技术中心奖励', 'subsidy', '对新认定的省级企业技术中心给予一次性奖励50万元。', fixed(50), [tag('省级企业技术中心')], ['认定文件'], { noApplication: true }),
  ]),
  policy('汉财规〔2026〕1号', '汉江市制造业中小企业贷款贴息管理办法', UNIT_IDS.caizhengju, THIRTY, '2026-02-08', '2026-02-08', '2027-12-31', [
    clause('第五条', '技改贷款贴息', 'subsidy', '对制造业中小企业用于技术改造的银行贷款，按实际支付利息的50%给予贴息，单户每年最高100万元。', rate(50, '实际支付利息', 100), [MANUFACTURING, SMALL], ['借款合同', '利息支付凭证', '贷款用途说明'], { fastTrack: true }),
  ]),
  policy('汉政数发〔2026〕3号', '汉江市惠企政策兑现“一窗受理”实施方案', UNIT_IDS.zhengshuju, THIRTY, '2026-03-25', '2026-04-01', null, [
    clause('第三条', '一窗受理、集成办理', 'entitlement', '企业在政务服务大厅惠企政策兑现专窗一次提交申请，由专窗分送政策部门办理，材料一次提交、多部门共享。', NONE, [], []),
  ]),
  policy('汉招发〔2026〕4号', '汉江市招商引资重大项目落地奖励办法', UNIT_IDS.zhaoshangju, THIRTY, '2026-04-02', '2026-04-02', '2028-12-31', [
    clause('第六条', '固定资产投资奖励', 'subsidy', '对新引进制造业项目当年实际完成固定资产投资1亿元以上的，按实际投资额的2%给予奖励，最高500万元。', rate(2, '当年实际完成固定资产投资额', 500), [MANUFACTURING], ['项目投资协议', '固定资产投资审计报告']),
  ]),
  policy('汉高管发〔2026〕6号', '汉江高新区支持智能制造产业发展十条措施', LOCAL_UNIT_IDS.gaoxin.government, THIRTY, '2026-03-01', '2026-03-01', '2028-12-31', [
    clause('第四条', '首台（套）装备奖励', 'subsidy', '对认定为省级首台（套）重大技术装备的区内企业，给予一次性奖励100万元。', fixed(100), [MANUFACTURING, inJurisdiction('gaoxin'), tag('首台套')], ['首台（套）认定文件', '销售合同']),
  ]),
  policy('汉经开管发〔2026〕2号', '汉江经开区数字经济企业房租补贴办法', LOCAL_UNIT_IDS.jingkai.government, THIRTY, '2026-02-15', '2026-03-01', '2027-12-31', [
    clause('第十二条', '数字经济企业办公用房租金补贴', 'subsidy', '对入驻区内产业园区的数字经济企业，按年租金的50%给予补贴，每年最高50万元，连续补贴三年。', rate(50, '年租金', 50), [{ field: 'industry', op: 'in', values: ['I64', 'I65'] }, inJurisdiction('jingkai')], ['租赁合同', '租金支付凭证']),
  ]),
  policy('汉东政发〔2025〕18号', '汉东区节能环保产业发展专项资金管理办法', LOCAL_UNIT_IDS.handong.government, null, '2025-05-12', '2025-06-01', '2027-12-31', [
    clause('第十条', '节能改造项目奖补', 'subsidy', '对节能改造项目按节能设备投资额的15%给予奖补，最高80万元。', rate(15, '节能设备投资额', 80), [inJurisdiction('handong')], ['节能评估报告', '设备购置发票', '项目验收报告'], { fastTrack: true }),
  ]),
  policy('汉东教发〔2026〕5号', '汉东区支持民办教育规范发展若干措施', LOCAL_UNIT_IDS.handong.jiaoyuju, null, '2026-02-10', '2026-02-10', null, [
    clause('第四条', '设备购置补助', 'subsidy', '对区内民办教育机构购置教学设备的，按购置额的30%给予补助，最高20万元。', rate(30, '教学设备购置额', 20), [inJurisdiction('handong'), { field: 'industry', op: 'in', values: ['P'] }], ['办学许可证', '设备购置发票']),
  ]),
  policy('江北政发〔2025〕22号', '江北区促进生物医药产业发展若干措施', LOCAL_UNIT_IDS.jiangbei.government, null, '2025-09-01', '2025-09-01', '2027-12-31', [
    clause('第七条', '医疗器械注册证奖励', 'subsidy', '对新取得第二类、第三类医疗器械注册证的区内企业，每证分别奖励45万元、100万元。', fixed(45), [inJurisdiction('jiangbei'), { field: 'industry', op: 'in', values: ['C358'] }], ['医疗器械注册证'], { fastTrack: true }),
  ]),
  policy('青政办发〔2026〕7号', '青山县促进农业产业化发展奖补办法', LOCAL_UNIT_IDS.qingshan.government, null, '2026-01-20', '2026-01-20', '2027-12-31', [
    clause('第五条', '农业产业化龙头企业奖励', 'subsidy', '对新认定的市级以上农业产业化龙头企业，给予一次性奖励20万元。', fixed(20), [{ field: 'industry', op: 'in', values: ['A'] }, inJurisdiction('qingshan'), tag('农业产业化龙头企业')], ['认定文件']),
  ]),
  policy('石政发〔2025〕30号', '石门县小微企业创业担保贷款贴息办法', LOCAL_UNIT_IDS.shimen.government, null, '2025-06-18', '2025-07-01', '2027-06-30', [
    clause('第四条', '创业担保贷款贴息', 'subsidy', '对小微企业创业担保贷款按贷款利息的50%给予贴息，单户最高10万元。', rate(50, '贷款利息', 10), [{ field: 'sizeClass', op: 'in', values: ['small', 'micro'] }, inJurisdiction('shimen')], ['借款合同', '利息支付凭证']),
  ]),
  policy('丰政发〔2024〕15号', '丰乐市商贸流通企业扶持办法', LOCAL_UNIT_IDS.fengle.government, null, '2024-04-10', '2024-05-01', '2026-12-31', [
    clause('第六条', '限上商贸企业入统奖励', 'subsidy', '对首次纳入限额以上统计的批发零售企业给予奖励3万元。', fixed(3), [{ field: 'industry', op: 'in', values: ['F'] }, inJurisdiction('fengle')], [], { noApplication: true }),
  ]),
];

/** P7 in the demo: Shimen replaces its guarantee-loan policy by a new document; Fengle abolishes its trade policy. */
const REVISION = {
  documentNo: '石政发〔2025〕30号',
  on: '2026-09-01',
  note: '贴息比例由50%提高至80%，单户上限提高至20万元',
  policy: policy('石政发〔2026〕11号', '石门县小微企业创业担保贷款贴息办法（2026年修订）', LOCAL_UNIT_IDS.shimen.government, null, '2026-08-20', '2026-09-01', '2028-06-30', [
    clause('第四条', '创业担保贷款贴息', 'subsidy', '对小微企业创业担保贷款按贷款利息的80%给予贴息，单户最高20万元。', rate(80, '贷款利息', 20), [{ field: 'sizeClass', op: 'in', values: ['small', 'micro'] }, inJurisdiction('shimen')], ['借款合同', '利息支付凭证'], { fastTrack: true }),
  ]),
};
const ABOLITION = { documentNo: '丰政发〔2024〕15号', on: '2026-10-31', note: '并入《丰乐市促进消费提质扩容若干措施》，原办法废止' };

/**
 * Records the demo library through the real use cases, by 营商办 (who keeps every policy), then
 * the revision and the abolition. Returns how many policy records it wrote.
 */
export const seedDemoPolicies = async (app: AppContext, office: Actor): Promise<number> => {
  const ids = new Map<string, string>();
  for (const input of DEMO_POLICIES) ids.set(input.documentNo, await recordPolicy(app, office, input));
  const revised = ids.get(REVISION.documentNo)!;
  await changePolicy(app, office, revised, { action: 'revise', expectedVersion: (await loadPolicy(app.db, app.tenantId, revised)).version, on: REVISION.on, note: REVISION.note, policy: REVISION.policy });
  const abolished = ids.get(ABOLITION.documentNo)!;
  await changePolicy(app, office, abolished, { action: 'abolish', expectedVersion: (await loadPolicy(app.db, app.tenantId, abolished)).version, on: ABOLITION.on, note: ABOLITION.note });
  return DEMO_POLICIES.length + 1;
};

/** Where each demo policy's department publishes: its website's host. */
const SITES: Record<string, string> = {
  '汉政发〔2025〕12号': 'www.hanjiang.gov.cn',
  '汉经信发〔2025〕21号': 'jxj.hanjiang.gov.cn',
  '汉财规〔2025〕4号': 'czj.hanjiang.gov.cn',
  '汉政数发〔2025〕7号': 'zsj.hanjiang.gov.cn',
  '汉建发〔2025〕15号': 'zjj.hanjiang.gov.cn',
  '汉文旅发〔2025〕8号': 'wlj.hanjiang.gov.cn',
  '汉交发〔2025〕6号': 'jtj.hanjiang.gov.cn',
  '汉教发〔2025〕10号': 'jyj.hanjiang.gov.cn',
  '汉政发〔2026〕3号': 'www.hanjiang.gov.cn',
  '汉经信发〔2026〕5号': 'jxj.hanjiang.gov.cn',
  '汉经信发〔2026〕9号': 'jxj.hanjiang.gov.cn',
  '汉财规〔2026〕1号': 'czj.hanjiang.gov.cn',
  '汉政数发〔2026〕3号': 'zsj.hanjiang.gov.cn',
  '汉招发〔2026〕4号': 'zhaoshang.hanjiang.gov.cn',
  '汉高管发〔2026〕6号': 'gaoxin.hanjiang.gov.cn',
  '汉经开管发〔2026〕2号': 'jingkai.hanjiang.gov.cn',
  '汉东政发〔2025〕18号': 'www.handong.gov.cn',
  '汉东教发〔2026〕5号': 'jyj.handong.gov.cn',
  '江北政发〔2025〕22号': 'www.jiangbei.gov.cn',
  '青政办发〔2026〕7号': 'www.qingshan.gov.cn',
  '石政发〔2025〕30号': 'www.shimen.gov.cn',
  '石政发〔2026〕11号': 'www.shimen.gov.cn',
  '丰政发〔2024〕15号': 'www.fengle.gov.cn',
};

/**
 * P1 in the demo: what some departments did not publish. Every other policy has all five
 * records, its 申兑指南 within a week of publication. Shimen's revision and the bureau's technical
 * upgrade rules lack their guide, the transport bureau its interpretation, the Jingkai zone its
 * consultation window, Qingshan county its government-website notice and its guide; Fengle's
 * abolished policy never had a guide but needs none any more, and the investment bureau's guide
 * came a month late — late, but there now.
 */
export const DEMO_PUBLICATION_GAPS: Readonly<Record<string, readonly PublicationKind[]>> = {
  '石政发〔2026〕11号': ['application_guide'],
  '汉经信发〔2026〕5号': ['application_guide'],
  '汉交发〔2025〕6号': ['interpretation'],
  '汉经开管发〔2026〕2号': ['consultation_window'],
  '青政办发〔2026〕7号': ['government_site', 'application_guide'],
  '丰政发〔2024〕15号': ['application_guide'],
};
const LATE_GUIDE = '汉招发〔2026〕4号';

const compact = (day: LocalDate) => day.replaceAll('-', '');

/** One policy's publication records as its department would have made them. */
const publicationsOf = (documentNo: string, publishedOn: LocalDate, effectiveOn: LocalDate): PublicationInput[] => {
  const site = SITES[documentNo] ?? 'www.hanjiang.gov.cn';
  const missing = DEMO_PUBLICATION_GAPS[documentNo] ?? [];
  const serial = `${site.split('.')[0]}-${documentNo.replace(/\D+/g, '-').replace(/^-|-$/g, '')}`;
  const guideOn = addCalendarDays(publishedOn, documentNo === LATE_GUIDE ? 35 : 5);
  const records: Record<PublicationKind, PublicationInput> = {
    department_site: { kind: 'department_site', publishedOn, link: `https://${site}/zwgk/zcwj/${compact(publishedOn)}/${serial}.html` },
    government_site: { kind: 'government_site', publishedOn: addCalendarDays(publishedOn, 2), link: `https://www.hanjiang.gov.cn/zwgk/hqzc/${serial}.html` },
    interpretation: { kind: 'interpretation', publishedOn, link: `https://${site}/zwgk/zcjd/${compact(publishedOn)}/${serial}.html` },
    consultation_window: { kind: 'consultation_window', publishedOn: effectiveOn, link: `https://zwfw.hanjiang.gov.cn/hqzc/zxzc/${serial}.html` },
    application_guide: {
      kind: 'application_guide',
      publishedOn: guideOn,
      link: `https://zwfw.hanjiang.gov.cn/hqzc/sdzn/${serial}.html`,
      guide: {
        beneficiaries: '符合政策条款规定条件的在汉企业',
        conditions: '详见政策各条款的申报条件',
        fulfilmentTimeLimit: '材料齐全后20个工作日内兑现；免申即享条款依据共享数据直接兑付',
        applicationChannel: '汉江市政务服务中心惠企政策兑现专窗，或湖北政务服务网“惠企政策直达快享”专区',
        consultationPhone: '0710-12345、0710-3226688',
      },
    },
  };
  return PUBLICATION_KINDS.filter((kind) => !missing.includes(kind)).map((kind) => records[kind]);
};

/**
 * Records the demo library's publications (P1) by 营商办, leaving out the gaps above and any
 * record dated after the seeding day (a demo seeded early has not published them yet).
 * Returns how many records it wrote.
 */
export const seedDemoPublications = async (app: AppContext, office: Actor): Promise<number> => {
  const today = todayInShanghai(app.clock());
  const policies = await app.db.select().from(benefitPolicies).where(eq(benefitPolicies.tenantId, app.tenantId)).orderBy(asc(benefitPolicies.documentNo));
  let written = 0;
  for (const policy of policies) {
    for (const record of publicationsOf(policy.documentNo, policy.publishedOn, policy.effectiveOn)) {
      if (compareLocalDates(record.publishedOn, today) > 0) continue;
      await recordPublication(app, office, policy.id, record);
      written += 1;
    }
  }
  return written;
};
