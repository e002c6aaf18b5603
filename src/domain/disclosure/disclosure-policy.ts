/**
 * Who may do what with the annual disclosure (保障中小企业款项支付条例 Arts. 18, 22): 营商办
 * generates every unit's figures from the cases and may publish on a unit's behalf; a unit's own
 * handlers publish its row (a lead bureau's accounts act for their own unit as its handlers do);
 * 营商办, leaders and 信用办 read every unit, a county coordinator the units of its subtree, a
 * unit its own row. Enterprises and the three administrators have no part in it (三员分立);
 * the published rows are public anyway.
 */
import type { Actor } from '../access/roles.ts';
import type { UnitScope } from '../access/unit-scope.ts';
import { AppError } from '../errors.ts';

/** The units whose rows an actor reads. */
export const disclosureScope = (actor: Actor): UnitScope => {
  switch (actor.role) {
    case 'business_office':
    case 'leader':
    case 'credit_office':
      return { kind: 'all' };
    case 'county_coordinator':
      return { kind: 'jurisdictions', jurisdictionIds: actor.jurisdictionScope };
    case 'unit_handler':
    case 'lead_bureau':
      return actor.unitId === null ? { kind: 'none' } : { kind: 'unit', unitId: actor.unitId };
    default:
      return { kind: 'none' };
  }
};

/**
 * The disclosure page and its workbook are for those with a scope.
 * @throws AppError FORBIDDEN
 */
export const authorizeDisclosureReading = (actor: Actor): void => {
  if (disclosureScope(actor).kind === 'none') throw new AppError('FORBIDDEN', '无权查看逾期账款年度公开情况');
};

/** Art. 18 via G1: 营商办 generates the figures of every unit from the cases. */
export const mayGenerateDisclosures = (actor: Actor): boolean => actor.role === 'business_office';

/** @throws AppError FORBIDDEN */
export const authorizeDisclosureGeneration = (actor: Actor): void => {
  if (!mayGenerateDisclosures(actor)) throw new AppError('FORBIDDEN', '只有市营商办可以生成年度公开数据');
};

/** A unit publishes its own row; 营商办 may publish it on the unit's behalf. */
export const mayPublishDisclosure = (actor: Actor, unit: { readonly id: string }): boolean =>
  actor.role === 'business_office' || ((actor.role === 'unit_handler' || actor.role === 'lead_bureau') && actor.unitId === unit.id);

/** @throws AppError FORBIDDEN */
export const authorizeDisclosurePublication = (actor: Actor, unit: { readonly id: string }): void => {
  if (!mayPublishDisclosure(actor, unit)) throw new AppError('FORBIDDEN', '只有本单位经办人或市营商办可以发布本单位的年度公开数据');
};
