/**
 * The demo city: the fictional 湖北省汉江市 (Hanjiang), its jurisdictions and public units.
 * Division codes 4229xx are unused by GB/T 2260, so no code can name a real body.
 */
import type { JurisdictionLevel, NewJurisdiction, NewUnit, UnitKind } from '../schema.ts';
import { demoCreditCode } from './demo-credit-code.ts';

const CITY_DIVISION = '422900';

// County-level jurisdictions with one public institution and one SOE each.
const COUNTIES = [
  { id: 'handong', name: '汉东区', level: 'county', division: '422902', government: '汉东区人民政府', institution: ['yiyuan', '汉东区人民医院'], soe: ['chengtou', '汉东区城市建设投资有限公司'] },
  { id: 'jiangbei', name: '江北区', level: 'county', division: '422903', government: '江北区人民政府', institution: ['yiyuan', '江北区人民医院'], soe: ['guotou', '江北区国有资本投资运营有限公司'] },
  { id: 'linjiang', name: '临江区', level: 'county', division: '422904', government: '临江区人民政府', institution: ['zhongyiyuan', '临江区中医医院'], soe: ['chengtou', '临江区城市建设发展有限公司'] },
  { id: 'qingshan', name: '青山县', level: 'county', division: '422921', government: '青山县人民政府', institution: ['yizhong', '青山县第一中学'], soe: ['chengtou', '青山县城市建设投资开发有限公司'] },
  { id: 'shimen', name: '石门县', level: 'county', division: '422922', government: '石门县人民政府', institution: ['yiyuan', '石门县人民医院'], soe: ['jiaotou', '石门县交通建设投资有限公司'] },
  { id: 'fengle', name: '丰乐市', level: 'county', division: '422981', government: '丰乐市人民政府', institution: ['yizhong', '丰乐市第一中学'], soe: ['chengtou', '丰乐市城市发展投资有限公司'] },
] as const;

// Development zones: a committee (管委会) with a finance bureau and an SOE, no court.
const ZONES = [
  { id: 'gaoxin', name: '汉江高新技术产业开发区管委会', level: 'zone', division: '422971', government: '汉江高新技术产业开发区管理委员会', finance: '汉江高新技术产业开发区财政局', soe: ['touzi', '汉江高新投资发展集团有限公司'] },
  { id: 'jingkai', name: '汉江经济技术开发区管委会', level: 'zone', division: '422972', government: '汉江经济技术开发区管理委员会', finance: '汉江经济技术开发区财政局', soe: ['jianshe', '汉江经开建设投资有限公司'] },
] as const;

type CountyId = (typeof COUNTIES)[number]['id'];
type ZoneId = (typeof ZONES)[number]['id'];

export const JURISDICTION_IDS = {
  city: 'city',
  handong: 'handong',
  jiangbei: 'jiangbei',
  linjiang: 'linjiang',
  qingshan: 'qingshan',
  shimen: 'shimen',
  fengle: 'fengle',
  gaoxin: 'gaoxin',
  jingkai: 'jingkai',
} as const satisfies Record<'city' | CountyId | ZoneId, string>;

/** City-level units (jurisdiction `city`). */
export const UNIT_IDS = {
  cityGovernment: 'u-city-gov',
  yingshangban: 'u-yingshangban',
  jingxinju: 'u-jingxinju',
  caizhengju: 'u-caizhengju',
  shenjiju: 'u-shenjiju',
  guoziwei: 'u-guoziwei',
  zhujianju: 'u-zhujianju',
  wenlvju: 'u-wenlvju',
  zhengshuju: 'u-zhengshuju',
  zhaoshangju: 'u-zhaoshangju',
  xinyongban: 'u-xinyongban',
  jiaoyuju: 'u-jiaoyuju',
  jiaotongju: 'u-jiaotongju',
  weijianwei: 'u-weijianwei',
  sifaju: 'u-sifaju',
  intermediateCourt: 'u-city-court',
  chengfaGroup: 'u-city-chengfa',
  jiaotouGroup: 'u-city-jiaotou',
  shuiwuGroup: 'u-city-shuiwu',
  centralHospital: 'u-city-hospital',
  vocationalCollege: 'u-city-college',
} as const;

const countyUnitIds = <C extends (typeof COUNTIES)[number]>(county: C) =>
  ({
    government: `u-${county.id}-gov`,
    jiaoyuju: `u-${county.id}-jiaoyuju`,
    zhujianju: `u-${county.id}-zhujianju`,
    caizhengju: `u-${county.id}-caizhengju`,
    jiaotongju: `u-${county.id}-jiaotongju`,
    court: `u-${county.id}-court`,
    sifaju: `u-${county.id}-sifaju`,
    institution: `u-${county.id}-${county.institution[0]}`,
    soe: `u-${county.id}-${county.soe[0]}`,
  }) as const;

const zoneUnitIds = <Z extends (typeof ZONES)[number]>(zone: Z) =>
  ({
    government: `u-${zone.id}-gov`,
    caizhengju: `u-${zone.id}-caizhengju`,
    soe: `u-${zone.id}-${zone.soe[0]}`,
  }) as const;

/** Units of each county-level jurisdiction and zone, e.g. `LOCAL_UNIT_IDS.handong.jiaoyuju`. */
export const LOCAL_UNIT_IDS = {
  ...(Object.fromEntries(COUNTIES.map((county) => [county.id, countyUnitIds(county)])) as {
    [C in (typeof COUNTIES)[number] as C['id']]: ReturnType<typeof countyUnitIds<C>>;
  }),
  ...(Object.fromEntries(ZONES.map((zone) => [zone.id, zoneUnitIds(zone)])) as {
    [Z in (typeof ZONES)[number] as Z['id']]: ReturnType<typeof zoneUnitIds<Z>>;
  }),
};

interface UnitSeed {
  readonly id: string;
  readonly name: string;
  readonly kind: Exclude<UnitKind, 'enterprise'>;
  readonly parentUnitId: string | null;
}

const cityUnits: readonly UnitSeed[] = [
  { id: UNIT_IDS.cityGovernment, name: '汉江市人民政府', kind: 'government', parentUnitId: null },
  { id: UNIT_IDS.yingshangban, name: '汉江市优化营商环境领导小组办公室', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.jingxinju, name: '汉江市经济和信息化局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.caizhengju, name: '汉江市财政局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.shenjiju, name: '汉江市审计局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.guoziwei, name: '汉江市人民政府国有资产监督管理委员会', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.zhujianju, name: '汉江市住房和城乡建设局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.wenlvju, name: '汉江市文化和旅游局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.zhengshuju, name: '汉江市政务服务和大数据管理局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.zhaoshangju, name: '汉江市招商局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.xinyongban, name: '汉江市社会信用体系建设领导小组办公室', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.jiaoyuju, name: '汉江市教育局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.jiaotongju, name: '汉江市交通运输局', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.weijianwei, name: '汉江市卫生健康委员会', kind: 'department', parentUnitId: UNIT_IDS.cityGovernment },
  { id: UNIT_IDS.sifaju, name: '汉江市司法局', kind: 'justice', parentUnitId: UNIT_IDS.cityGovernment },
  // Courts answer to the people's congress, not to the government: no parent unit.
  { id: UNIT_IDS.intermediateCourt, name: '汉江市中级人民法院', kind: 'court', parentUnitId: null },
  { id: UNIT_IDS.chengfaGroup, name: '汉江城市发展投资集团有限公司', kind: 'soe', parentUnitId: UNIT_IDS.guoziwei },
  { id: UNIT_IDS.jiaotouGroup, name: '汉江交通投资集团有限公司', kind: 'soe', parentUnitId: UNIT_IDS.guoziwei },
  { id: UNIT_IDS.shuiwuGroup, name: '汉江水务集团有限公司', kind: 'soe', parentUnitId: UNIT_IDS.guoziwei },
  { id: UNIT_IDS.centralHospital, name: '汉江市中心医院', kind: 'institution', parentUnitId: UNIT_IDS.weijianwei },
  { id: UNIT_IDS.vocationalCollege, name: '汉江职业技术学院', kind: 'institution', parentUnitId: UNIT_IDS.jiaoyuju },
];

const countyUnits = (county: (typeof COUNTIES)[number]): UnitSeed[] => {
  const ids = countyUnitIds(county);
  const department = (id: string, suffix: string, kind: UnitSeed['kind'] = 'department'): UnitSeed => ({
    id,
    name: county.name + suffix,
    kind,
    parentUnitId: ids.government,
  });
  return [
    // A county government's next-higher government is the city's (提级办理).
    { id: ids.government, name: county.government, kind: 'government', parentUnitId: UNIT_IDS.cityGovernment },
    department(ids.jiaoyuju, '教育局'),
    department(ids.zhujianju, '住房和城乡建设局'),
    department(ids.caizhengju, '财政局'),
    department(ids.jiaotongju, '交通运输局'),
    department(ids.sifaju, '司法局', 'justice'),
    { id: ids.court, name: `${county.name}人民法院`, kind: 'court', parentUnitId: null },
    { id: ids.institution, name: county.institution[1], kind: 'institution', parentUnitId: ids.government },
    { id: ids.soe, name: county.soe[1], kind: 'soe', parentUnitId: ids.government },
  ];
};

const zoneUnits = (zone: (typeof ZONES)[number]): UnitSeed[] => {
  const ids = zoneUnitIds(zone);
  return [
    { id: ids.government, name: zone.government, kind: 'government', parentUnitId: UNIT_IDS.cityGovernment },
    { id: ids.caizhengju, name: zone.finance, kind: 'department', parentUnitId: ids.government },
    { id: ids.soe, name: zone.soe[1], kind: 'soe', parentUnitId: ids.government },
  ];
};

interface LocalSeed {
  readonly id: string;
  readonly name: string;
  readonly level: JurisdictionLevel;
  readonly division: string;
  readonly units: readonly UnitSeed[];
}

const city: LocalSeed = { id: JURISDICTION_IDS.city, name: '汉江市', level: 'city', division: CITY_DIVISION, units: cityUnits };
const locals: readonly LocalSeed[] = [
  ...COUNTIES.map((county) => ({ ...county, units: countyUnits(county) })),
  ...ZONES.map((zone) => ({ ...zone, units: zoneUnits(zone) })),
];

/** Jurisdictions of tenant `tenantId`, parents first. */
export const hanjiangJurisdictions = (tenantId: string): NewJurisdiction[] =>
  [city, ...locals].map((local, sort) => ({
    id: local.id,
    tenantId,
    name: local.name,
    level: local.level,
    parentId: local === city ? null : city.id,
    governmentUnitId: local.units.find((unit) => unit.kind === 'government')?.id ?? null,
    sort,
    divisionCode: local.division,
  }));

/** Public units of tenant `tenantId`, each with a valid 统一社会信用代码. */
export const hanjiangUnits = (tenantId: string): NewUnit[] =>
  [city, ...locals].flatMap((local) =>
    local.units.map((unit) => ({
      id: unit.id,
      tenantId,
      name: unit.name,
      kind: unit.kind,
      creditCode: demoCreditCode(unit.kind, local.division, unit.id),
      jurisdictionId: local.id,
      parentUnitId: unit.parentUnitId,
    })),
  );
