/** Valid, stable, fictional 统一社会信用代码 for the demo city's public units. */
import { createHash } from 'node:crypto';
import { makeCreditCode } from '../../domain/credit-code.ts';
import type { UnitKind } from '../schema.ts';

// GB 32100 positions 1–2: 登记管理部门码 + 机构类别码. 机构编制 registers 机关 (11, courts and
// 司法局 included) and 事业单位 (12); 市场监管 registers enterprises (91).
const REGISTRATION_PREFIX = {
  government: '11',
  department: '11',
  justice: '11',
  court: '11',
  institution: '12',
  soe: '91',
  enterprise: '91',
} satisfies Record<UnitKind, string>;

// GB 11714 组织机构代码 check character over an 8-digit body.
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const organizationCode = (body: string): string => {
  const sum = ORGANIZATION_WEIGHTS.reduce((total, weight, index) => total + Number(body.charAt(index)) * weight, 0);
  const check = 11 - (sum % 11);
  return body + (check === 10 ? 'X' : check === 11 ? '0' : String(check));
};

/**
 * The code of the unit `id` registered in division `division` (6 digits). The organization
 * code derives from the id, so a unit keeps its code when others are added to the seed.
 */
export const demoCreditCode = (kind: UnitKind, division: string, id: string): string => {
  const digest = createHash('sha256').update(id).digest();
  const body = String(digest.readUInt32BE(0) % 100_000_000).padStart(8, '0');
  return makeCreditCode(REGISTRATION_PREFIX[kind] + division + organizationCode(body));
};
