/**
 * SPEC §6, the 保障措施 of the work map, as editable data: who leads and who cooperates on
 * each task. Lines follow the map's columns (清欠, 惠企, 招商引资); the rows of its merged
 * 招商引资/守信践诺 block that concern every line, and 督办落实, are `integrity`.
 */
import type { OrgFunction } from '../../domain/setup/organisation.ts';
import { UNIT_KINDS, type NewResponsibilityMatrixRow, type UnitKind } from '../schema.ts';
import { UNIT_IDS } from './hanjiang.ts';

/** A row with its lead and cooperating units named by function, whichever units hold them in a city. */
type MatrixSeed = Omit<NewResponsibilityMatrixRow, 'id' | 'tenantId' | 'sort' | 'leadUnitId' | 'cooperatingUnitIds'> & {
  readonly lead?: OrgFunction;
  readonly cooperating?: readonly OrgFunction[];
};

/** Debtors whose arrears 市经信局 leads on: 行政机关和事业单位, courts and 司法 included. */
const PUBLIC_BODY_KINDS: UnitKind[] = ['government', 'department', 'institution', 'justice', 'court'];

/** Every kind of unit a case can make responsible: all but a private enterprise (`registerCase`). */
const RESPONSIBLE_UNIT_KINDS: UnitKind[] = UNIT_KINDS.filter((kind) => kind !== 'enterprise');

const ROWS: readonly MatrixSeed[] = [
  {
    line: 'arrears',
    topic: 'arrears_public_bodies',
    description: '牵头对行政机关、事业单位拖欠民营企业账款问题进行排查',
    debtorKinds: PUBLIC_BODY_KINDS,
    lead: 'jingxinju',
    cooperating: ['caizhengju', 'shenjiju'],
  },
  {
    // One row for both levels: city-owned SOEs directly, counties' supervised SOEs by guidance.
    line: 'arrears',
    topic: 'arrears_soe',
    description: '牵头做好市属国有企业拖欠民营企业账款清理工作，指导各县市区和管委会做好监管企业账款清欠工作',
    debtorKinds: ['soe'],
    lead: 'guoziwei',
    cooperating: ['zhujianju', 'wenlvju'],
  },
  {
    line: 'arrears',
    topic: 'arrears_payment_funds',
    description: '保障企业账款及时支付',
    lead: 'caizhengju',
  },
  {
    line: 'arrears',
    topic: 'arrears_county_ledgers',
    description: '建立清欠企业账款工作台账，定期梳理调度，并向市营商办反馈整改销号情况',
    leadIsJurisdiction: true,
    cooperating: ['yingshangban'],
  },
  {
    // P5: 市财政局 leads every policy-fulfilment problem, whichever unit must deliver it.
    line: 'policy',
    topic: 'policy_fulfilment_funds',
    description: '牵头做好惠企政策兑现不到位问题整治，重点调度和检查“16条”“30条”惠企政策资金落实情况，牵头查处惠企资金拨付缓慢等问题',
    debtorKinds: RESPONSIBLE_UNIT_KINDS,
    lead: 'caizhengju',
  },
  {
    line: 'policy',
    topic: 'policy_direct_access',
    description: '推进惠企政策直达快享，在政务服务大厅建立惠企政策集中咨询办理专窗，提供申请咨询、申报辅导、转办代办、反馈情况等服务',
    lead: 'zhengshuju',
  },
  {
    line: 'policy',
    topic: 'policy_evaluation',
    description: '对本市今年以来出台的惠企政策落实情况进行评估',
    lead: 'yingshangban',
  },
  {
    line: 'policy',
    topic: 'policy_county_fiscal',
    description: '全面梳理本级财政资金政策，推动财政资金奖补类政策进驻惠企政策兑现窗口，对新增、更新、废止的惠企政策及时动态更新',
    leadIsJurisdiction: true,
  },
  {
    // I1–I6: 市招商局 leads every unkept promise, whoever made it.
    line: 'investment',
    topic: 'investment_promises',
    description: '牵头清查整治招商引资领域的政府承诺不兑现问题，指导各级招商部门建立问题清单、整改责任清单，加大检查督办力度',
    debtorKinds: RESPONSIBLE_UNIT_KINDS,
    lead: 'zhaoshangju',
  },
  {
    line: 'investment',
    topic: 'investment_provincial_platform',
    description: '运用湖北省中小微企业诉求响应平台，系统梳理督办政府承诺不兑现问题',
    lead: 'jingxinju',
  },
  {
    line: 'integrity',
    topic: 'integrity_assigned_channels',
    description: '对领导交办、来信来访、非公有制企业服务平台投诉等渠道收集的问题进行交办督办',
    lead: 'yingshangban',
  },
  {
    line: 'integrity',
    topic: 'integrity_breach_records',
    description: '归集涉及政府部门（含机关和事业单位）的违约失信投诉信息，并报送至全国信用信息共享平台',
    lead: 'xinyongban',
  },
  {
    // G1: 营商办 coordinates, monitors and closes every rectification item, whoever must act
    // on it, so the row covers every kind of responsible unit and leads each integrity case.
    // "all city units, counties" cooperate: every unit, so no list is stored.
    line: 'integrity',
    topic: 'integrity_coordination',
    description: '统筹协调，建立动态调整和常态监测机制，做好日常工作调度；市直有关单位和各县市区、管委会整改后及时向市营商办反馈，书面反馈销号',
    debtorKinds: RESPONSIBLE_UNIT_KINDS,
    lead: 'yingshangban',
  },
];

/**
 * The 13 rows of SPEC §6 for tenant `tenantId`, each function resolved to the unit that holds
 * it (`unitOf`); a function no unit holds leaves the row without a lead and drops out of the
 * cooperating units.
 */
export const matrixRowsFor = (tenantId: string, unitOf: (orgFunction: OrgFunction) => string | null, idOf: (topic: string) => string): NewResponsibilityMatrixRow[] =>
  ROWS.map(({ lead, cooperating, ...row }, sort) => ({
    ...row,
    id: idOf(row.topic),
    tenantId,
    sort: sort + 1,
    leadUnitId: lead === undefined ? null : unitOf(lead),
    cooperatingUnitIds: (cooperating ?? []).flatMap((orgFunction) => unitOf(orgFunction) ?? []),
  }));

/** The demo city's matrix; ids are `rm-` + topic. */
export const responsibilityMatrixRows = (tenantId: string): NewResponsibilityMatrixRow[] =>
  matrixRowsFor(tenantId, (orgFunction) => UNIT_IDS[orgFunction], (topic) => `rm-${topic}`);
