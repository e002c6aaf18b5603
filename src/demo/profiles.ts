/**
 * 一企一档 in the demo: 30 enterprise profiles of every size class and of the industries the
 * demo library's clauses ask for, so that matching shows both sides — the clauses an
 * enterprise qualifies for and, for the others, the condition that fails and by how much (a
 * manufacturer just under 2,000万元 of revenue, a construction firm without 高新 status…).
 * Figures are of 2025, the last ended year on the demo's clock.
 */
import type { AppContext } from '../app-context.ts';
import type { Actor } from '../domain/access/roles.ts';
import type { ProfileInput } from '../domain/enterprises/profile.ts';
import { saveProfile } from '../enterprises/save-profile.ts';
import { DEMO_ENTERPRISES, type DemoEnterpriseKey } from './enterprises.ts';

const WAN = 1_000_000;

const profile = (industryCode: string, employees: number, revenueWan: number, assetsWan: number, registeredOn: string, tags: string[] = []): ProfileInput => ({
  industryCode,
  employees,
  annualRevenue: Math.round(revenueWan * WAN),
  totalAssets: Math.round(assetsWan * WAN),
  figuresYear: 2025,
  registeredOn,
  tags,
});

export const DEMO_PROFILES: Record<DemoEnterpriseKey, ProfileInput> = {
  chufeng: profile('E4813', 260, 18_600, 21_400, '2016-03-18'),
  hanshui: profile('C3491', 185, 1_250, 4_300, '2017-07-06', ['高新技术企业']),
  lvyuan: profile('N7724', 46, 2_380, 3_150, '2018-05-22', ['科技型中小企业']),
  xinda: profile('E4812', 420, 32_500, 45_800, '2001-09-10'),
  hengxin: profile('C3581', 96, 5_600, 7_200, '2019-04-12', ['高新技术企业', '专精特新']),
  boya: profile('F5176', 38, 6_200, 2_100, '2012-11-30'),
  jianghan: profile('I6513', 152, 8_900, 6_400, '2020-02-18', ['高新技术企业', '科技型中小企业']),
  fengyuan: profile('A0141', 64, 1_860, 3_900, '2016-08-08', ['农业产业化龙头企业']),
  huajing: profile('E4891', 88, 4_300, 5_100, '2010-06-25'),
  hongtu: profile('K7020', 340, 2_900, 1_200, '2017-12-01'),
  jinshi: profile('C3021', 210, 15_800, 12_600, '2007-03-14', ['绿色工厂']),
  tianheng: profile('M7481', 45, 1_120, 860, '2019-10-09'),
  kaiyuan: profile('C3484', 230, 1_980, 6_800, '2018-04-16', ['科技型中小企业']),
  ruixin: profile('C3973', 310, 26_000, 31_000, '2015-06-30', ['高新技术企业', '专精特新', '省级企业技术中心']),
  lvgu: profile('A0164', 58, 2_600, 4_100, '2013-03-21', ['农业产业化龙头企业']),
  tongda: profile('G5430', 380, 9_600, 11_200, '2008-07-15'),
  yunfan: profile('I6513', 42, 860, 520, '2021-05-10', ['高新技术企业']),
  jiahe: profile('C3581', 35, 1_450, 1_900, '2022-08-03'),
  xiangyun: profile('F5124', 16, 3_200, 900, '2014-09-19'),
  baicao: profile('C1491', 9, 240, 180, '2020-11-11'),
  lanting: profile('H6130', 7, 95, 300, '2023-04-28'),
  qihang: profile('P8391', 24, 410, 350, '2019-08-26'),
  huaxia: profile('C2651', 1_260, 68_000, 92_000, '2003-12-08', ['高新技术企业', '省级企业技术中心', '绿色工厂']),
  jinlun: profile('C3670', 460, 12_800, 16_500, '2011-05-17', ['绿色工厂']),
  shanshui: profile('N7850', 63, 1_300, 8_400, '2016-02-14'),
  dingsheng: profile('E4710', 1_850, 96_000, 118_000, '1998-06-30'),
  meijia: profile('F5212', 36, 680, 300, '2015-01-09'),
  zhiyuan: profile('I6510', 8, 45, 60, '2025-03-03'),
  hengfeng: profile('C1711', 520, 21_000, 18_500, '2006-10-20'),
  anxin: profile('A0512', 6, 38, 95, '2024-06-18'),
};

/**
 * Records the demo profiles through the real use case, by 营商办 on each enterprise's behalf
 * (the service window's 代办). Returns how many it wrote.
 */
export const seedDemoProfiles = async (app: AppContext, office: Actor): Promise<number> => {
  for (const [key, input] of Object.entries(DEMO_PROFILES) as [DemoEnterpriseKey, ProfileInput][]) {
    await saveProfile(app, office, DEMO_ENTERPRISES[key].id, { profile: input, expectedVersion: null });
  }
  return Object.keys(DEMO_PROFILES).length;
};
