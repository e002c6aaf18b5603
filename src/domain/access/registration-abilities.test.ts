import { describe, expect, it } from 'vitest';
import { ACTORS, UNITS } from '../../../test/support/domain.ts';
import { LINE_MODULES, OPEN_LINES } from '../lines/registry.ts';
import { SOURCES } from '../lines/vocabulary.ts';
import { canRegister, registrationAbilities, type RegistrationAbility, type RegistrationScope } from './case-policy.ts';

/** Whether an ability the session announces covers a registration. */
const covers = (ability: RegistrationAbility, scope: RegistrationScope, actorUnitId: string | null): boolean => {
  const reach = ability.responsibleUnits;
  const unitOk =
    reach.kind === 'any' ||
    (reach.kind === 'own' && reach.unitId === scope.responsibleUnitId) ||
    (reach.kind === 'jurisdictions' && reach.jurisdictionIds.includes(scope.responsibleJurisdictionId));
  return ability.sources.includes(scope.source) && unitOk && (!ability.ownEnterprise || scope.enterpriseUnitId === actorUnitId);
};

const RESPONSIBLE = [
  { responsibleUnitId: UNITS.debtor, responsibleJurisdictionId: 'handong' },
  { responsibleUnitId: UNITS.countyGovernment, responsibleJurisdictionId: 'handong' },
  { responsibleUnitId: 'u-jiangbei-jiaoyuju', responsibleJurisdictionId: 'jiangbei' },
  { responsibleUnitId: UNITS.cityGovernment, responsibleJurisdictionId: 'city' },
];

describe('registration abilities (S3)', () => {
  it('announce exactly what each role may register: every line, source, responsible unit and enterprise', () => {
    for (const actor of Object.values(ACTORS)) {
      const abilities = registrationAbilities(actor);
      for (const line of OPEN_LINES) {
        for (const source of SOURCES) {
          for (const responsible of RESPONSIBLE) {
            for (const enterpriseUnitId of [UNITS.enterprise, UNITS.otherEnterprise, null]) {
              const scope = { source, enterpriseUnitId, ...responsible };
              const allowed = canRegister(actor, scope) && LINE_MODULES[line].sources.includes(source);
              const announced = abilities.some((ability) => ability.line === line && covers(ability, scope, actor.unitId));
              expect(announced, `${actor.role} ${line} ${source} ${responsible.responsibleUnitId} ${enterpriseUnitId}`).toBe(allowed);
            }
          }
        }
      }
    }
  });

  it('offers 营商办 every source with its own assignments first, a unit only itself, and the administrators nothing', () => {
    const office = registrationAbilities(ACTORS.businessOffice);
    expect(office.map((ability) => ability.line)).toEqual(OPEN_LINES);
    expect(office[0]?.sources[0]).toBe('assigned');
    expect(registrationAbilities(ACTORS.debtor)).toContainEqual({
      line: 'arrears',
      sources: ['self_inspection'],
      responsibleUnits: { kind: 'own', unitId: UNITS.debtor },
      ownEnterprise: false,
    });
    // An enterprise complains of what it is owed (arrears, a promised benefit); G2: a rectification
    // item is the government's own finding, never an enterprise's complaint.
    expect(registrationAbilities(ACTORS.enterprise).map((ability) => ability.line)).toEqual(['arrears', 'policy']);
    expect(registrationAbilities(ACTORS.systemAdmin)).toEqual([]);
    expect(registrationAbilities(ACTORS.leadBureau)).toEqual([]);
  });
});
