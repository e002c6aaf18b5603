import { describe, expect, it } from 'vitest';
import { ROLES, type Actor } from '../access/roles.ts';
import { canMaintainPolicy, canMaintainSomePolicy } from './access.ts';

describe('who keeps any policy at all (and so may import a policy list)', () => {
  it('is exactly whoever keeps some issuer’s policies: their own unit’s or one in their jurisdictions', () => {
    for (const role of ROLES) {
      for (const [unitId, jurisdictionScope] of [
        ['u-own', ['handong']],
        [null, []],
      ] as const) {
        const actor: Actor = { id: 'a', name: 'a', role, unitId, jurisdictionScope };
        const issuers = [
          { unitId: 'u-own', jurisdictionId: 'handong' },
          { unitId: 'u-other', jurisdictionId: 'handong' },
          { unitId: 'u-other', jurisdictionId: 'jiangbei' },
        ];
        expect(canMaintainSomePolicy(actor), `${role} ${unitId}`).toBe(issuers.some((issuer) => canMaintainPolicy(actor, issuer)));
      }
    }
  });
});
