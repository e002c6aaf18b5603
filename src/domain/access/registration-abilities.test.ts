import { describe, expect, it } from 'vitest';
import { ACTORS, UNITS } from '../../../test/support/domain.ts';
import { LINE_MODULES, OPEN_LINES } from '../lines/registry.ts';
import { SOURCES } from '../lines/vocabulary.ts';
import type { Actor } from './roles.ts';
import {
  canRegister,
  mayImportIntake,
  registrationAbilities,
  type LedMatrixRow,
  type MatrixLevel,
  type RegistrationAbility,
  type RegistrationScope,
} from './case-policy.ts';

interface Responsible {
  readonly responsibleUnitId: string;
  readonly responsibleJurisdictionId: string;
  readonly kind: string;
  readonly level: MatrixLevel;
}

/** Whether an ability the session announces covers a registration (written here apart from the policy). */
const covers = (ability: RegistrationAbility, scope: RegistrationScope, responsible: Responsible, actorUnitId: string | null): boolean => {
  const reach = ability.responsibleUnits;
  const unitOk =
    reach.kind === 'any' ||
    (reach.kind === 'own' && reach.unitId === scope.responsibleUnitId) ||
    (reach.kind === 'jurisdictions' && reach.jurisdictionIds.includes(scope.responsibleJurisdictionId)) ||
    (reach.kind === 'matrix' && reach.covers.some((cover) => cover.unitKinds.includes(responsible.kind) && (cover.level ?? responsible.level) === responsible.level));
  return ability.sources.includes(scope.source) && unitOk && (!ability.ownEnterprise || scope.enterpriseUnitId === actorUnitId);
};

const RESPONSIBLE: readonly Responsible[] = [
  { responsibleUnitId: UNITS.debtor, responsibleJurisdictionId: 'handong', kind: 'department', level: 'county' },
  { responsibleUnitId: UNITS.countyGovernment, responsibleJurisdictionId: 'handong', kind: 'government', level: 'county' },
  { responsibleUnitId: 'u-jiangbei-jiaoyuju', responsibleJurisdictionId: 'jiangbei', kind: 'department', level: 'county' },
  { responsibleUnitId: UNITS.cityGovernment, responsibleJurisdictionId: 'city', kind: 'government', level: 'city' },
  { responsibleUnitId: 'u-city-hospital', responsibleJurisdictionId: 'city', kind: 'institution', level: 'city' },
  { responsibleUnitId: 'u-city-chengfa', responsibleJurisdictionId: 'city', kind: 'soe', level: 'city' },
  { responsibleUnitId: 'u-handong-chengtou', responsibleJurisdictionId: 'handong', kind: 'soe', level: 'county' },
  { responsibleUnitId: 'u-city-court', responsibleJurisdictionId: 'city', kind: 'court', level: 'city' },
];

const PUBLIC_BODIES = ['government', 'department', 'institution', 'justice', 'court'];
const NOT_ENTERPRISES = ['government', 'department', 'institution', 'soe', 'court', 'justice'];

/** The matrix rows each bureau leads, as seeded (SPEC §6); 国资委's limited to city SOEs here, to try a level. */
const LED_ROWS: Record<string, readonly LedMatrixRow[]> = {
  [UNITS.leadBureau]: [
    { line: 'arrears', topic: 'arrears_public_bodies', debtorKinds: PUBLIC_BODIES, debtorLevel: null },
    { line: 'investment', topic: 'investment_provincial_platform', debtorKinds: [], debtorLevel: null },
  ],
  'u-guoziwei': [{ line: 'arrears', topic: 'arrears_soe', debtorKinds: ['soe'], debtorLevel: 'city' }],
  'u-zhaoshangju': [{ line: 'investment', topic: 'investment_promises', debtorKinds: NOT_ENTERPRISES, debtorLevel: null }],
  'u-caizhengju': [
    { line: 'arrears', topic: 'arrears_payment_funds', debtorKinds: [], debtorLevel: null },
    { line: 'policy', topic: 'policy_fulfilment_funds', debtorKinds: NOT_ENTERPRISES, debtorLevel: null },
  ],
  // 营商办 leads rows too, but registers by its own rule.
  [UNITS.businessOffice]: [{ line: 'integrity', topic: 'integrity_coordination', debtorKinds: NOT_ENTERPRISES, debtorLevel: null }],
};

const bureau = (unitId: string): Actor => ({ ...ACTORS.leadBureau, id: `acc-${unitId}`, unitId });
const EVERYONE: readonly Actor[] = [...Object.values(ACTORS), bureau('u-guoziwei'), bureau('u-zhaoshangju'), bureau('u-caizhengju'), bureau('u-tongjiju')];
const ledRowsOf = (actor: Actor): readonly LedMatrixRow[] => (actor.unitId === null ? [] : (LED_ROWS[actor.unitId] ?? []));

const scopeOf = (actor: Actor, line: (typeof OPEN_LINES)[number], source: RegistrationScope['source'], responsible: Responsible, enterpriseUnitId: string | null, imported: boolean): RegistrationScope => ({
  source,
  enterpriseUnitId,
  responsibleUnitId: responsible.responsibleUnitId,
  responsibleJurisdictionId: responsible.responsibleJurisdictionId,
  matrix: { line, responsibleUnitKind: responsible.kind, responsibleUnitLevel: responsible.level, ledRows: ledRowsOf(actor), imported },
});

describe('registration abilities (S3)', () => {
  it('announce exactly what each role may register: every line, source, responsible unit (kind and level) and enterprise', () => {
    for (const actor of EVERYONE) {
      const abilities = registrationAbilities(actor, ledRowsOf(actor));
      for (const line of OPEN_LINES) {
        for (const source of SOURCES) {
          for (const responsible of RESPONSIBLE) {
            for (const enterpriseUnitId of [UNITS.enterprise, UNITS.otherEnterprise, null]) {
              const scope = scopeOf(actor, line, source, responsible, enterpriseUnitId, false);
              const allowed = canRegister(actor, scope) && LINE_MODULES[line].sources.includes(source);
              const announced = abilities.some((ability) => ability.line === line && covers(ability, scope, responsible, actor.unitId));
              expect(announced, `${actor.role}@${actor.unitId} ${line} ${source} ${responsible.responsibleUnitId} ${enterpriseUnitId}`).toBe(allowed);
            }
          }
        }
      }
    }
  });

  it('offers 营商办 every source with its own assignments first, a unit only itself, and the administrators nothing', () => {
    const office = registrationAbilities(ACTORS.businessOffice, ledRowsOf(ACTORS.businessOffice));
    expect(office.map((ability) => ability.line)).toEqual(OPEN_LINES);
    expect(office[0]?.sources[0]).toBe('assigned');
    expect(office[0]?.sources).toContain('inspection');
    expect(registrationAbilities(ACTORS.debtor)).toContainEqual({
      line: 'arrears',
      sources: ['self_inspection'],
      responsibleUnits: { kind: 'own', unitId: UNITS.debtor },
      ownEnterprise: false,
    });
    // An enterprise complains of what it is owed (arrears, a promised benefit, an investment promise); G2: a rectification
    // item is the government's own finding, never an enterprise's complaint.
    expect(registrationAbilities(ACTORS.enterprise).map((ability) => ability.line)).not.toContain('integrity');
    expect(registrationAbilities(ACTORS.systemAdmin)).toEqual([]);
  });

  it('lets a lead bureau register its own findings (排查) only on the lines and units its matrix rows cover', () => {
    expect(registrationAbilities(ACTORS.leadBureau, ledRowsOf(ACTORS.leadBureau))).toEqual([
      { line: 'arrears', sources: ['inspection'], responsibleUnits: { kind: 'matrix', covers: [{ unitKinds: PUBLIC_BODIES, level: null }] }, ownEnterprise: false },
    ]);
    expect(registrationAbilities(bureau('u-guoziwei'), ledRowsOf(bureau('u-guoziwei')))).toEqual([
      { line: 'arrears', sources: ['inspection'], responsibleUnits: { kind: 'matrix', covers: [{ unitKinds: ['soe'], level: 'city' }] }, ownEnterprise: false },
    ]);
    // A row that covers no kind of unit (the provincial platform's, the payment funds') reaches none.
    expect(registrationAbilities(ACTORS.leadBureau, [{ line: 'arrears', topic: 'arrears_payment_funds', debtorKinds: [], debtorLevel: null }])).toEqual([]);
    // Without the rows it leads, a lead bureau registers nothing: the reach is the matrix's data.
    expect(registrationAbilities(ACTORS.leadBureau)).toEqual([]);

    const hospital = RESPONSIBLE.find((item) => item.kind === 'institution')!;
    const citySoe = RESPONSIBLE.find((item) => item.kind === 'soe' && item.level === 'city')!;
    const countySoe = RESPONSIBLE.find((item) => item.kind === 'soe' && item.level === 'county')!;
    const guoziwei = bureau('u-guoziwei');
    expect(canRegister(ACTORS.leadBureau, scopeOf(ACTORS.leadBureau, 'arrears', 'inspection', hospital, UNITS.enterprise, false))).toBe(true);
    expect(canRegister(ACTORS.leadBureau, scopeOf(ACTORS.leadBureau, 'arrears', 'inspection', citySoe, UNITS.enterprise, false))).toBe(false);
    expect(canRegister(ACTORS.leadBureau, scopeOf(ACTORS.leadBureau, 'policy', 'inspection', hospital, UNITS.enterprise, false))).toBe(false);
    expect(canRegister(ACTORS.leadBureau, scopeOf(ACTORS.leadBureau, 'arrears', 'self_inspection', hospital, UNITS.enterprise, false))).toBe(false);
    expect(canRegister(guoziwei, scopeOf(guoziwei, 'arrears', 'inspection', citySoe, UNITS.enterprise, false))).toBe(true);
    expect(canRegister(guoziwei, scopeOf(guoziwei, 'arrears', 'inspection', countySoe, UNITS.enterprise, false))).toBe(false);
    expect(canRegister(guoziwei, scopeOf(guoziwei, 'arrears', 'inspection', hospital, UNITS.enterprise, false))).toBe(false);
    // Without the matrix scope the use case resolves, no matrix reach is granted.
    const { matrix: _matrix, ...bare } = scopeOf(ACTORS.leadBureau, 'arrears', 'inspection', hospital, UNITS.enterprise, false);
    expect(canRegister(ACTORS.leadBureau, bare)).toBe(false);
  });

  it('lets import the provincial platform’s demands exactly those whose every imported demand may be registered', () => {
    const importers = EVERYONE.filter((actor) => mayImportIntake(actor, ledRowsOf(actor)));
    expect(importers.map((actor) => `${actor.role}@${actor.unitId}`)).toEqual(['business_office@u-yingshangban', `lead_bureau@${UNITS.leadBureau}`]);
    for (const actor of EVERYONE) {
      for (const line of OPEN_LINES.filter((item) => item !== 'integrity')) {
        for (const responsible of RESPONSIBLE) {
          const imported = canRegister(actor, scopeOf(actor, line, 'provincial_platform', responsible, UNITS.enterprise, true));
          expect(imported, `${actor.role}@${actor.unitId} ${line} ${responsible.responsibleUnitId}`).toBe(mayImportIntake(actor, ledRowsOf(actor)));
        }
      }
      // Typed in, a platform demand stays 营商办's: the lead bureau's right is the import's.
      const typedIn = canRegister(actor, scopeOf(actor, 'arrears', 'provincial_platform', RESPONSIBLE[0]!, UNITS.enterprise, false));
      expect(typedIn, `${actor.role}@${actor.unitId}`).toBe(actor.role === 'business_office');
    }
  });
});
