/**
 * The demo's people: one account per role of SPEC §5, on the Hanjiang reference units, all
 * with one published password. For demonstration installations only.
 *
 * They are seeded with `demo = true` (migration 0027): on a server started with `--demo` they
 * sign in with the password alone — no forced change, no rotation, no second factor — and their
 * password cannot be changed there (it is everyone's). Outside demo mode the city's whole
 * security policy applies to them like any account.
 */
import { ROLE_LABEL, type Role } from '../domain/access/roles.ts';
import { hanjiangUnits, JURISDICTION_IDS, LOCAL_UNIT_IDS, UNIT_IDS } from '../db/seed/hanjiang.ts';
import { DEMO_ENTERPRISES } from './enterprises.ts';

/** The one password of every demo account (13 characters of all four classes: it meets the dengbao profile). */
export const DEMO_PASSWORD = 'Chengxin@2026';

export interface DemoAccountSeed {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: string | null;
  /** Only county coordinators: the jurisdiction whose subtree they see. */
  readonly jurisdictionId: string | null;
  /** What the account is for, shown in the README and by `chengxin demo`. */
  readonly purpose: string;
}

const enterpriseUnit = (key: 'chufeng' | 'hanshui'): string => DEMO_ENTERPRISES[key].id;

export const DEMO_ACCOUNTS = [
  {
    username: 'yingshangban',
    displayName: '周敏',
    role: 'business_office',
    unitId: UNIT_IDS.yingshangban,
    jurisdictionId: null,
    purpose: '登记、交办、督办、审批跨年、销号或退回',
  },
  {
    username: 'jingxinju',
    displayName: '陈志刚',
    role: 'lead_bureau',
    unitId: UNIT_IDS.jingxinju,
    jurisdictionId: null,
    purpose: '牵头行政机关、事业单位清欠：登记排查发现的问题，导入省平台诉求（按行动分类），查看并督办',
  },
  {
    username: 'caizhengju',
    displayName: '吕梅',
    role: 'lead_bureau',
    unitId: UNIT_IDS.caizhengju,
    jurisdictionId: null,
    purpose: '牵头政策资金兑现：登记拨付，督办拨付缓慢案件，查看政策评估',
  },
  {
    username: 'guoziwei',
    displayName: '孙立军',
    role: 'lead_bureau',
    unitId: UNIT_IDS.guoziwei,
    jurisdictionId: null,
    purpose: '牵头市属国有企业清欠：登记排查发现的问题，查看并督办',
  },
  {
    username: 'zhaoshangju',
    displayName: '郑晓东',
    role: 'lead_bureau',
    unitId: UNIT_IDS.zhaoshangju,
    jurisdictionId: null,
    purpose: '牵头招商引资承诺兑现：项目与承诺、合法性审查、问题清单和整改责任清单，登记承诺问题并督办',
  },
  {
    username: 'handong',
    displayName: '刘建华',
    role: 'county_coordinator',
    unitId: LOCAL_UNIT_IDS.handong.government,
    jurisdictionId: JURISDICTION_IDS.handong,
    purpose: '汉东区台账：分类、协商、提级、还款、反馈',
  },
  {
    username: 'hd-jiaoyu',
    displayName: '王芳',
    role: 'unit_handler',
    unitId: LOCAL_UNIT_IDS.handong.jiaoyuju,
    jurisdictionId: null,
    purpose: '汉东区教育局：自查登记、还款、书面反馈',
  },
  {
    username: 'jiangbei',
    displayName: '李强',
    role: 'county_coordinator',
    unitId: LOCAL_UNIT_IDS.jiangbei.government,
    jurisdictionId: JURISDICTION_IDS.jiangbei,
    purpose: '江北区台账：分类、协商、提级、还款、反馈',
  },
  {
    username: 'chengfa',
    displayName: '赵磊',
    role: 'unit_handler',
    unitId: UNIT_IDS.chengfaGroup,
    jurisdictionId: null,
    purpose: '市属国企汉江城发集团：自查登记、还款、书面反馈',
  },
  {
    username: 'leader',
    displayName: '张卫东',
    role: 'leader',
    unitId: UNIT_IDS.cityGovernment,
    jurisdictionId: null,
    purpose: '查看全市台账，作出交办批示',
  },
  {
    username: 'xinyongban',
    displayName: '孙丽',
    role: 'credit_office',
    unitId: UNIT_IDS.xinyongban,
    jurisdictionId: null,
    purpose: '查看案件，归集违约失信记录',
  },
  {
    username: 'sysadmin',
    displayName: '吴昊',
    role: 'system_admin',
    unitId: UNIT_IDS.zhengshuju,
    jurisdictionId: null,
    purpose: '系统管理员（账号与单位），不办理案件',
  },
  {
    username: 'secadmin',
    displayName: '郑洁',
    role: 'security_admin',
    unitId: UNIT_IDS.zhengshuju,
    jurisdictionId: null,
    purpose: '安全管理员（权限与安全策略），不办理案件',
  },
  {
    username: 'auditadmin',
    displayName: '何文',
    role: 'audit_admin',
    unitId: UNIT_IDS.shenjiju,
    jurisdictionId: null,
    purpose: '审计管理员（审计日志），不办理案件',
  },
  {
    username: 'qiye1',
    displayName: '黄海涛',
    role: 'enterprise',
    unitId: enterpriseUnit('chufeng'),
    jurisdictionId: null,
    purpose: '企业：提交诉求，认可或不认可还款计划、延期兑现',
  },
  {
    username: 'qiye2',
    displayName: '林晓燕',
    role: 'enterprise',
    unitId: enterpriseUnit('hanshui'),
    jurisdictionId: null,
    purpose: '企业：提交诉求，认可或不认可还款计划、延期兑现',
  },
] as const satisfies readonly DemoAccountSeed[];

export type DemoUsername = (typeof DEMO_ACCOUNTS)[number]['username'];

/** Stable ids, so a demo account is the same row in every installation. */
export const demoAccountId = (username: string): string => `acc-demo-${username}`;

/** One line of the accounts table printed by `chengxin demo` and `serve --demo`. */
export interface DemoAccountRow {
  readonly username: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly displayName: string;
  readonly unitName: string;
  readonly purpose: string;
}

/** Unit names as seeded, for the README; the console reads them from the database. */
const seededUnitName = (unitId: string): string =>
  hanjiangUnits('').find((unit) => unit.id === unitId)?.name ??
  Object.values(DEMO_ENTERPRISES).find((enterprise) => enterprise.id === unitId)?.name ??
  unitId;

/** The accounts table, with unit names resolved by `unitName` (by default, as seeded). */
export const demoAccountRows = (unitName: (unitId: string) => string = seededUnitName): DemoAccountRow[] =>
  DEMO_ACCOUNTS.map((account) => ({
    username: account.username,
    role: account.role,
    roleLabel: ROLE_LABEL[account.role],
    displayName: account.displayName,
    unitName: account.unitId === null ? '—' : unitName(account.unitId),
    purpose: account.purpose,
  }));
