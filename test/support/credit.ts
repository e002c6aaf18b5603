import type { AppContext } from '../../src/app-context.ts';
import { orderRectification } from '../../src/credit/order-rectification.ts';
import { performCreditAction } from '../../src/credit/perform-credit-action.ts';
import type { Actor } from '../../src/domain/access/roles.ts';
import { todayInShanghai } from '../../src/domain/calendar.ts';
import { ARREARS_BREACH_BASIS } from '../../src/domain/credit/basis.ts';

/**
 * A breach determined the short way 发改财金〔2023〕1103号 allows, through the real use cases on
 * today's clock: 信用办 orders the unit to rectify, records its written refusal, and determines
 * the breach today. For tests that need a record in effect, not the sequence itself.
 * @returns the record's id
 */
export const determineBreach = async (
  app: AppContext,
  creditOffice: Actor,
  input: { unitId: string; caseId: string; facts: string; basis?: string },
): Promise<string> => {
  const id = await orderRectification(app, creditOffice, {
    unitId: input.unitId,
    caseId: input.caseId,
    facts: input.facts,
    basis: input.basis ?? ARREARS_BREACH_BASIS,
    requirement: '请于整改期限内付清欠款',
    documentNumber: '汉信用责改〔测试〕1号',
  });
  await performCreditAction(app, creditOffice, id, { action: 'record_refusal', expectedVersion: 1, ground: 'written', facts: '单位书面拒绝整改' });
  await performCreditAction(app, creditOffice, id, {
    action: 'record',
    expectedVersion: 2,
    facts: input.facts,
    basis: input.basis ?? ARREARS_BREACH_BASIS,
    breachOn: todayInShanghai(app.clock()),
  });
  return id;
};
