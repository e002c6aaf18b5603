/**
 * The demo's creditors: private enterprises of the fictional 汉江市, with valid (and fictional)
 * 统一社会信用代码 in the unused divisions 4229xx.
 */
import { makeCreditCode } from '../domain/credit-code.ts';
import { JURISDICTION_IDS } from '../db/seed/hanjiang.ts';

// GB 11714 组织机构代码: 8 characters and a check character; letters count 10 (A) to 35 (Z).
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const organizationCode = (body: string): string => {
  const sum = [...body].reduce((total, character, index) => total + parseInt(character, 36) * ORGANIZATION_WEIGHTS[index]!, 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
};

/** GB 32100: 9 (市场监管) 1 (企业) + division + organization code + check character. */
const enterpriseCode = (division: string, organizationBody: string): string =>
  makeCreditCode(`91${division}${organizationCode(organizationBody)}`);

interface EnterpriseSeed {
  readonly name: string;
  readonly jurisdictionId: string;
  readonly division: string;
  /** 8 characters; enterprises registered since 2015 have bodies beginning "MA". */
  readonly organizationBody: string;
}

const SEEDS = {
  chufeng: { name: '汉江市楚风建筑工程有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: 'MA4K3C7D' },
  hanshui: { name: '湖北汉水智能装备有限公司', jurisdictionId: JURISDICTION_IDS.gaoxin, division: '422971', organizationBody: 'MA49TQ2N' },
  lvyuan: { name: '汉东区绿源环保科技有限公司', jurisdictionId: JURISDICTION_IDS.handong, division: '422902', organizationBody: 'MA4A1R6H' },
  xinda: { name: '汉江市鑫达路桥工程有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '72615389' },
  hengxin: { name: '江北区恒信医疗器械有限公司', jurisdictionId: JURISDICTION_IDS.jiangbei, division: '422903', organizationBody: 'MA4B7E2K' },
  boya: { name: '汉江市博雅教育装备有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '58823046' },
  jianghan: { name: '湖北江汉数字科技有限公司', jurisdictionId: JURISDICTION_IDS.jingkai, division: '422972', organizationBody: 'MA4D9W5P' },
  fengyuan: { name: '青山县丰源农业开发有限公司', jurisdictionId: JURISDICTION_IDS.qingshan, division: '422921', organizationBody: 'MA48LM3T' },
  huajing: { name: '汉江市华景园林绿化工程有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '69057714' },
  hongtu: { name: '临江区宏图物业服务有限公司', jurisdictionId: JURISDICTION_IDS.linjiang, division: '422904', organizationBody: 'MA4C2H8X' },
  jinshi: { name: '丰乐市金石建材有限公司', jurisdictionId: JURISDICTION_IDS.fengle, division: '422981', organizationBody: '79127543' },
  tianheng: { name: '汉江市天衡工程造价咨询有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: 'MA4E6F1Q' },
  // Enterprises with no case, profiled for the policy library's matching (一企一档).
  kaiyuan: { name: '汉江市开元精密机械制造有限公司', jurisdictionId: JURISDICTION_IDS.gaoxin, division: '422971', organizationBody: 'MA4F2K8L' },
  ruixin: { name: '湖北瑞芯微电子有限公司', jurisdictionId: JURISDICTION_IDS.gaoxin, division: '422971', organizationBody: 'MA4G7N3R' },
  lvgu: { name: '青山县绿谷茶业有限公司', jurisdictionId: JURISDICTION_IDS.qingshan, division: '422921', organizationBody: 'MA4H5P2W' },
  tongda: { name: '汉江市通达物流有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '66321957' },
  yunfan: { name: '汉江云帆软件技术有限公司', jurisdictionId: JURISDICTION_IDS.jingkai, division: '422972', organizationBody: 'MA4J8T6X' },
  jiahe: { name: '江北区佳和医疗科技有限公司', jurisdictionId: JURISDICTION_IDS.jiangbei, division: '422903', organizationBody: 'MA4K1W9B' },
  xiangyun: { name: '丰乐市祥云商贸有限公司', jurisdictionId: JURISDICTION_IDS.fengle, division: '422981', organizationBody: 'MA4L3X7C' },
  baicao: { name: '石门县百草堂食品有限公司', jurisdictionId: JURISDICTION_IDS.shimen, division: '422922', organizationBody: 'MA4M6Y2D' },
  lanting: { name: '临江区兰亭民宿管理有限公司', jurisdictionId: JURISDICTION_IDS.linjiang, division: '422904', organizationBody: 'MA4N9A5E' },
  qihang: { name: '汉东区启航职业技能培训学校有限公司', jurisdictionId: JURISDICTION_IDS.handong, division: '422902', organizationBody: 'MA4P2B8F' },
  huaxia: { name: '汉江华夏新材料股份有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '70694318' },
  jinlun: { name: '汉江市金轮汽车零部件有限公司', jurisdictionId: JURISDICTION_IDS.jingkai, division: '422972', organizationBody: 'MA4Q5C1G' },
  shanshui: { name: '青山县山水旅游开发有限公司', jurisdictionId: JURISDICTION_IDS.qingshan, division: '422921', organizationBody: 'MA4R8D4H' },
  dingsheng: { name: '汉江市鼎盛建设集团有限公司', jurisdictionId: JURISDICTION_IDS.city, division: '422900', organizationBody: '71450263' },
  meijia: { name: '汉东区美家超市有限公司', jurisdictionId: JURISDICTION_IDS.handong, division: '422902', organizationBody: 'MA4T1E7J' },
  zhiyuan: { name: '汉江智远信息技术有限公司', jurisdictionId: JURISDICTION_IDS.gaoxin, division: '422971', organizationBody: 'MA4U4F2K' },
  hengfeng: { name: '丰乐市恒丰纺织有限公司', jurisdictionId: JURISDICTION_IDS.fengle, division: '422981', organizationBody: '67893412' },
  anxin: { name: '石门县安信农机服务有限公司', jurisdictionId: JURISDICTION_IDS.shimen, division: '422922', organizationBody: 'MA4W7G5L' },
} as const satisfies Record<string, EnterpriseSeed>;

export type DemoEnterpriseKey = keyof typeof SEEDS;

export interface DemoEnterprise {
  readonly id: string;
  readonly name: string;
  readonly creditCode: string;
  readonly jurisdictionId: string;
}

export const DEMO_ENTERPRISES = Object.fromEntries(
  Object.entries(SEEDS).map(([key, seed]) => [
    key,
    {
      id: `ent-demo-${key}`,
      name: seed.name,
      creditCode: enterpriseCode(seed.division, seed.organizationBody),
      jurisdictionId: seed.jurisdictionId,
    },
  ]),
) as Record<DemoEnterpriseKey, DemoEnterprise>;
