/**
 * The demo's promise register (S6): twelve investment projects of the counties and zones with
 * thirty promises — policies, funds, land and other resources — in every standing (kept, partly
 * kept, due, overdue), most reviewed 合法合规 and the flawed ones with their reasons, recorded by
 * 市招商局 through the register's own use cases. The projects behind the investment line's demo
 * cases are here, so the problem list shows the register and the cases side by side.
 */
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { LocalDate } from '../domain/calendar.ts';
import type { PromiseType } from '../domain/investment/register.ts';
import { yuan, type Fen } from '../domain/money.ts';
import { LOCAL_UNIT_IDS } from '../db/seed/hanjiang.ts';
import { and, eq } from 'drizzle-orm';
import { cases } from '../db/schema.ts';
import { addPromise } from '../investment/add-promise.ts';
import { linkPromiseCase } from '../investment/raise-promise-case.ts';
import { recordFulfilment } from '../investment/record-fulfilment.ts';
import { recordProject } from '../investment/record-project.ts';
import { reviewLegality } from '../investment/review-legality.ts';
import { DEMO_ENTERPRISES, type DemoEnterpriseKey } from './enterprises.ts';

const wan = (amount: number): Fen => yuan(amount * 10_000);
/** 亩 in the register's unit, 0.01 亩. */
const mu = (area: number) => Math.round(area * 100);

interface PromiseSeed {
  readonly type: PromiseType;
  readonly clause: string;
  readonly content: string;
  readonly amount?: Fen;
  readonly area?: number;
  readonly dueOn: LocalDate;
  readonly conditions?: string;
  /** What was delivered, in order; `completes` marks a promise without quantities kept. */
  readonly delivered?: readonly { on: LocalDate; amount?: Fen; area?: number; description: string; voucher?: string; completes?: boolean }[];
  /** The legality review: compliant unless a flaw is given. */
  readonly flaw?: string;
  /** The title of the investment line's demo case about this promise, which the promise names. */
  readonly caseTitle?: string;
}

interface ProjectSeed {
  readonly name: string;
  readonly enterprise: DemoEnterpriseKey;
  readonly agreementName: string;
  readonly agreementNo: string;
  readonly signingUnitId: string;
  readonly signedOn: LocalDate;
  readonly investment: Fen;
  readonly milestones: readonly { name: string; plannedOn: LocalDate; doneOn?: LocalDate }[];
  readonly promises: readonly PromiseSeed[];
}

const L = LOCAL_UNIT_IDS;

const PROJECTS: readonly ProjectSeed[] = [
  {
    name: '智能装备产业园项目',
    enterprise: 'hanshui',
    agreementName: '智能装备产业园项目投资协议',
    agreementNo: '汉高新招协〔2024〕07号',
    signingUnitId: L.gaoxin.government,
    signedOn: '2024-03-15',
    investment: wan(50_000),
    milestones: [
      { name: '开工建设', plannedOn: '2024-06-30', doneOn: '2024-06-18' },
      { name: '竣工投产', plannedOn: '2025-10-31', doneOn: '2025-10-20' },
    ],
    promises: [
      { type: 'funds', clause: '第六条', content: '项目投产后按设备投资额的10%给予设备购置补助600万元', caseTitle: '高新区管委会未兑现投资协议约定的设备购置补助', amount: wan(600), dueOn: '2026-12-31', conditions: '项目竣工投产，设备投资额不低于6000万元', delivered: [{ on: '2026-10-15', amount: wan(200), description: '拨付第一笔设备购置补助', voucher: '汉高新财拨〔2026〕88号' }] },
      { type: 'land', clause: '第四条', content: '2024年9月底前交付工业用地120亩', area: mu(120), dueOn: '2024-09-30', delivered: [{ on: '2024-09-12', area: mu(120), description: '工业用地挂牌出让并交付', voucher: '汉高新出让〔2024〕19号' }] },
      { type: 'policy', clause: '第七条', content: '投产后三年内企业所得税地方留成部分全额奖励', dueOn: '2027-06-30', conditions: '年纳税额不低于1000万元' },
      { type: 'other', clause: '第八条', content: '协调解决员工子女入学', dueOn: '2025-08-31', delivered: [{ on: '2025-08-25', description: '32名员工子女已安排就近入学', completes: true }] },
    ],
  },
  {
    name: '金轮汽车零部件二期项目',
    enterprise: 'jinlun',
    agreementName: '金轮汽车零部件二期项目投资协议',
    agreementNo: '汉经开招协〔2025〕12号',
    signingUnitId: L.jingkai.government,
    signedOn: '2025-04-08',
    investment: wan(32_000),
    milestones: [{ name: '取得用地', plannedOn: '2026-06-30', doneOn: '2026-08-28' }, { name: '开工建设', plannedOn: '2026-12-31' }],
    promises: [
      { type: 'land', clause: '第四条', content: '2026年6月底前交付工业用地50亩', caseTitle: '经开区管委会未按协议交付汽车零部件项目用地', area: mu(50), dueOn: '2026-06-30', delivered: [{ on: '2026-08-28', area: mu(50), description: '项目用地挂牌出让并交付', voucher: '汉经开不动产权第0021136号' }] },
      { type: 'funds', clause: '第五条', content: '给予基础设施配套补助300万元', amount: wan(300), dueOn: '2026-10-31', conditions: '项目开工建设' },
      { type: 'other', clause: '第六条', content: '提供人才公寓20套', dueOn: '2027-03-31' },
    ],
  },
  {
    name: '装配式建筑构件生产基地',
    enterprise: 'chufeng',
    agreementName: '装配式建筑构件生产基地投资协议',
    agreementNo: '江北招协〔2024〕19号',
    signingUnitId: L.jiangbei.government,
    signedOn: '2024-01-22',
    investment: wan(18_000),
    milestones: [{ name: '竣工投产', plannedOn: '2024-12-31', doneOn: '2024-12-16' }],
    promises: [
      { type: 'funds', clause: '第八条', content: '前三年厂房租金全额补贴，2026年度150万元', caseTitle: '江北区政府未兑现装配式建筑构件基地厂房租金补贴', amount: wan(150), dueOn: '2026-06-30', delivered: [] },
      { type: 'other', clause: '第三条', content: '代建标准化厂房2万平方米', dueOn: '2024-12-31', delivered: [{ on: '2024-11-30', description: '厂房竣工验收并交付使用', completes: true }] },
      { type: 'policy', clause: '第九条', content: '地方经济贡献奖励（前三年50%）', dueOn: '2027-12-31' },
    ],
  },
  {
    name: '污水处理装备项目',
    enterprise: 'lvyuan',
    agreementName: '污水处理装备项目投资协议',
    agreementNo: '汉东招协〔2023〕05号',
    signingUnitId: L.handong.government,
    signedOn: '2023-05-10',
    investment: wan(12_000),
    milestones: [{ name: '固定资产投资达1亿元', plannedOn: '2026-06-30', doneOn: '2026-05-18' }],
    promises: [
      { type: 'funds', clause: '第七条', content: '固定资产投资达1亿元后奖励200万元', caseTitle: '汉东区政府未兑现环保装备项目固定资产投资奖励', amount: wan(200), dueOn: '2026-06-30', conditions: '固定资产投资达1亿元' },
      { type: 'policy', clause: '第八条', content: '研发费用按10%给予补助', dueOn: '2026-12-31', delivered: [{ on: '2026-04-20', description: '2025年度研发补助已兑现32万元' }] },
    ],
  },
  {
    name: '宏图物业服务总部项目',
    enterprise: 'hongtu',
    agreementName: '宏图物业服务总部项目投资协议',
    agreementNo: '临招协〔2024〕03号',
    signingUnitId: L.linjiang.government,
    signedOn: '2024-02-26',
    investment: wan(6_000),
    milestones: [{ name: '总部大楼开工', plannedOn: '2026-06-30' }],
    promises: [
      { type: 'land', clause: '第五条', content: '在滨江片区提供商务用地15亩', caseTitle: '临江区未交付承诺的物业服务总部用地', area: mu(15), dueOn: '2026-03-31' },
      { type: 'policy', clause: '第六条', content: '过渡期办公用房租金减半', dueOn: '2024-06-30', delivered: [{ on: '2024-05-06', description: '过渡办公用房租金减半已执行', completes: true }] },
      { type: 'funds', clause: '第七条', content: '总部落户奖励80万元', amount: wan(80), dueOn: '2025-12-31', delivered: [{ on: '2025-11-10', amount: wan(80), description: '总部落户奖励拨付', voucher: '临财拨〔2025〕61号' }] },
    ],
  },
  {
    name: '龙潭峡景区开发项目',
    enterprise: 'shanshui',
    agreementName: '龙潭峡景区开发投资协议',
    agreementNo: '青招协〔2022〕11号',
    signingUnitId: L.qingshan.government,
    signedOn: '2022-04-18',
    investment: wan(8_000),
    milestones: [{ name: '景区开放', plannedOn: '2023-05-01', doneOn: '2023-04-28' }],
    promises: [
      { type: 'other', clause: '第三条', content: '授予龙潭峡景区20年经营权', caseTitle: '青山县因生态保护红线调整终止景区经营权承诺', dueOn: '2022-12-31', delivered: [{ on: '2022-09-01', description: '签订景区经营权出让合同', completes: true }] },
      { type: 'other', clause: '第五条', content: '建设景区旅游公路8公里', dueOn: '2025-12-31', delivered: [{ on: '2025-10-30', description: '旅游公路建成通车', completes: true }] },
      { type: 'funds', clause: '第六条', content: '旅游营销奖励100万元', amount: wan(100), dueOn: '2026-12-31', delivered: [{ on: '2026-06-15', amount: wan(40), description: '拨付营销奖励', voucher: '青财拨〔2026〕27号' }] },
    ],
  },
  {
    name: '新型建材项目',
    enterprise: 'jinshi',
    agreementName: '新型建材项目投资协议',
    agreementNo: '丰招协〔2023〕08号',
    signingUnitId: L.fengle.government,
    signedOn: '2023-07-03',
    investment: wan(30_000),
    milestones: [{ name: '固定资产投资3亿元', plannedOn: '2025-12-31' }],
    promises: [
      { type: 'funds', clause: '第九条', content: '年纳税超500万元后按地方留成50%奖励', caseTitle: '丰乐市未兑现新型建材项目税收贡献奖励', amount: wan(180), dueOn: '2026-09-30', conditions: '完成固定资产投资3亿元', flaw: '奖励以完成固定资产投资3亿元为前提（协议第二条），企业实际完成1.7亿元，未达到约定条件。' },
      { type: 'policy', clause: '第十条', content: '执行大工业用电优惠电价', dueOn: '2024-01-31', delivered: [{ on: '2024-01-15', description: '已纳入大工业用电优惠', completes: true }] },
    ],
  },
  {
    name: '数字科技园项目',
    enterprise: 'jianghan',
    agreementName: '数字科技园项目投资协议',
    agreementNo: '汉经开招协〔2024〕21号',
    signingUnitId: L.jingkai.government,
    signedOn: '2024-08-12',
    investment: wan(10_000),
    milestones: [{ name: '入驻研发楼', plannedOn: '2025-01-31', doneOn: '2025-01-20' }],
    promises: [
      { type: 'policy', clause: '第五条', content: '研发楼五年免租', caseTitle: '经开区未兑现数字科技园免租和人才公寓承诺', dueOn: '2026-06-30', flaw: '五年免租超出园区租金减免政策上限（三年）。' },
      { type: 'other', clause: '第五条之二', content: '提供人才公寓100套', caseTitle: '经开区未兑现数字科技园免租和人才公寓承诺', dueOn: '2026-06-30', delivered: [{ on: '2025-03-01', description: '提供人才公寓20套' }], flaw: '经开区人才公寓总量仅120套，承诺超出管委会履行能力。' },
    ],
  },
  {
    name: '食品产业园项目',
    enterprise: 'baicao',
    agreementName: '食品产业园项目投资协议',
    agreementNo: '石招协〔2024〕06号',
    signingUnitId: L.shimen.government,
    signedOn: '2024-05-20',
    investment: wan(9_000),
    milestones: [{ name: '入驻厂房', plannedOn: '2025-03-31', doneOn: '2025-04-10' }],
    promises: [
      { type: 'other', clause: '第六条', content: '标准化厂房8000平方米，租金每平方米1元/月', caseTitle: '石门县未按承诺价格提供食品产业园标准化厂房', dueOn: '2026-05-31', flaw: '厂房系县城投公司资产，低于成本出租须经国资监管程序，承诺超出县政府履行能力。' },
      { type: 'funds', clause: '第七条', content: '冷链物流补贴50万元', amount: wan(50), dueOn: '2026-12-31' },
      { type: 'land', clause: '第八条', content: '二期工业用地30亩', area: mu(30), dueOn: '2026-12-31', delivered: [{ on: '2026-09-20', area: mu(12), description: '首批12亩完成供地', voucher: '石自然资供〔2026〕14号' }] },
    ],
  },
  {
    name: '职业技能培训基地项目',
    enterprise: 'qihang',
    agreementName: '职业技能培训基地项目投资协议',
    agreementNo: '汉东招协〔2024〕02号',
    signingUnitId: L.handong.government,
    signedOn: '2024-03-01',
    investment: wan(1_500),
    milestones: [{ name: '开班培训', plannedOn: '2024-09-01', doneOn: '2024-09-02' }],
    promises: [{ type: 'other', clause: '第四条', content: '免费提供实训场地3000平方米', caseTitle: '汉东区未兑现职业技能培训基地场地承诺', dueOn: '2025-09-01', flaw: '承诺场地系划拨教育用地，区政府无权无偿提供给营利性培训机构。' }],
  },
  {
    name: '纺织产业升级项目',
    enterprise: 'hengfeng',
    agreementName: '纺织产业升级项目投资协议',
    agreementNo: '丰招协〔2022〕15号',
    signingUnitId: L.fengle.government,
    signedOn: '2022-09-09',
    investment: wan(15_000),
    milestones: [{ name: '投产（达到设计产能60%）', plannedOn: '2025-09-30' }],
    promises: [{ type: 'funds', clause: '第十条', content: '三年内投产后奖励300万元', caseTitle: '丰乐市与恒丰纺织投资奖励争议', amount: wan(300), dueOn: '2026-06-30', conditions: '三年内投产，产能达到设计产能60%', flaw: '协议约定“投产”指达到设计产能60%，企业现产能约35%。' }],
  },
  {
    name: '精密机械制造项目',
    enterprise: 'kaiyuan',
    agreementName: '精密机械制造项目投资协议',
    agreementNo: '汉高新招协〔2023〕15号',
    signingUnitId: L.gaoxin.government,
    signedOn: '2023-03-28',
    investment: wan(20_000),
    milestones: [{ name: '竣工投产', plannedOn: '2024-06-30', doneOn: '2024-06-12' }],
    promises: [
      { type: 'land', clause: '第三条', content: '交付工业用地60亩', area: mu(60), dueOn: '2023-09-30', delivered: [{ on: '2023-08-30', area: mu(60), description: '工业用地交付', voucher: '汉高新出让〔2023〕08号' }] },
      { type: 'funds', clause: '第五条', content: '设备购置补助150万元', amount: wan(150), dueOn: '2025-06-30', delivered: [{ on: '2024-12-20', amount: wan(90), description: '拨付设备购置补助', voucher: '汉高新财拨〔2024〕71号' }, { on: '2025-05-28', amount: wan(60), description: '拨付设备购置补助尾款', voucher: '汉高新财拨〔2025〕33号' }] },
      { type: 'policy', clause: '第六条', content: '首台（套）装备保险补偿', dueOn: '2025-12-31', delivered: [{ on: '2025-07-15', description: '首台（套）保险补偿已兑现', completes: true }] },
    ],
  },
];

/** The register as 市招商局 keeps it on `today`: projects, promises, deliveries and reviews. @returns the promises recorded */
export const seedDemoRegister = async (app: AppContext, zhaoshangju: Actor, today: LocalDate): Promise<number> => {
  let promises = 0;
  for (const project of PROJECTS) {
    const enterprise = DEMO_ENTERPRISES[project.enterprise];
    const projectId = await recordProject(app, zhaoshangju, {
      name: project.name,
      enterprise: { name: enterprise.name, creditCode: enterprise.creditCode },
      agreementName: project.agreementName,
      agreementNo: project.agreementNo,
      signingUnitId: project.signingUnitId,
      signedOn: project.signedOn,
      investmentAmount: project.investment,
      milestones: project.milestones.map((milestone) => ({ ...milestone })),
    });
    for (const seed of project.promises) {
      const promiseId = await addPromise(app, zhaoshangju, projectId, {
        type: seed.type,
        clause: seed.clause,
        content: seed.content,
        ...(seed.amount === undefined ? {} : { amount: seed.amount }),
        ...(seed.area === undefined ? {} : { area: seed.area }),
        dueOn: seed.dueOn,
        ...(seed.conditions === undefined ? {} : { conditions: seed.conditions }),
        responsibleUnitId: project.signingUnitId,
      });
      promises += 1;
      for (const delivery of seed.delivered ?? []) {
        await recordFulfilment(app, zhaoshangju, promiseId, {
          deliveredOn: delivery.on,
          ...(delivery.amount === undefined ? {} : { amount: delivery.amount }),
          ...(delivery.area === undefined ? {} : { area: delivery.area }),
          description: delivery.description,
          ...(delivery.voucher === undefined ? {} : { voucher: delivery.voucher }),
          completes: delivery.completes ?? false,
        });
      }
      await reviewLegality(app, zhaoshangju, promiseId, seed.flaw === undefined ? { legality: 'compliant', reviewedOn: today } : { legality: 'flawed', reason: seed.flaw, reviewedOn: today });
      if (seed.caseTitle !== undefined) {
        const [found] = await app.db
          .select({ id: cases.id })
          .from(cases)
          .where(and(eq(cases.tenantId, app.tenantId), eq(cases.line, 'investment'), eq(cases.title, seed.caseTitle)));
        if (found === undefined) throw new Error(`演示承诺“${seed.content}”关联的问题事项“${seed.caseTitle}”不存在`);
        await linkPromiseCase(app, zhaoshangju, promiseId, found.id);
      }
    }
  }
  return promises;
};
