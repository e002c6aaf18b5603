import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { loadCase } from '../cases/case-store.ts';
import { registerCase } from '../cases/register-case.ts';
import { can } from '../domain/access/case-policy.ts';
import type { Actor } from '../domain/access/roles.ts';
import { todayInShanghai } from '../domain/calendar.ts';
import type { RegisterCaseInput } from '../domain/case/commands.ts';
import { optionalText } from '../domain/case/fields.ts';
import type { CaseRecord } from '../domain/case/record.ts';
import { AppError } from '../domain/errors.ts';
import { canKeepRegister } from '../domain/investment/access.ts';
import { PROMISE_TYPE_LABEL } from '../domain/investment/register.ts';
import type { Source } from '../domain/lines/vocabulary.ts';
import { formatYuan } from '../domain/money.ts';
import { investmentPromises, units } from '../db/schema.ts';
import { deliveredOn, loadPromiseLead, loadReadablePromise } from './register-store.ts';

export const raisePromiseCaseSchema = z.object({
  title: optionalText('事项名称', 200),
  facts: optionalText('基本情况', 5000),
  instruction: optionalText('交办意见'),
});
export type RaisePromiseCaseInput = z.infer<typeof raisePromiseCaseSchema>;

/** The intake channel of a problem found in the register: a lead bureau's 排查, a county's or unit's 自查, 营商办's 交办 (S3). */
export const promiseCaseSource = (actor: Actor): Source => {
  switch (actor.role) {
    case 'lead_bureau':
      return 'inspection';
    case 'business_office':
    case 'leader':
      return 'assigned';
    default:
      return 'self_inspection';
  }
};

/**
 * S3, S6: a promise of the register that is not kept becomes a case of the investment line (登记
 * 问题): registered by the one write path, by whoever may register it (市招商局's 排查, a county's
 * 自查, 营商办's 交办), against the unit that must keep it, with the promise's terms and what was
 * delivered as its facts; the promise then names its case, in the same transaction.
 * @throws AppError PROMISE_NOT_FOUND, PROMISE_CASE_EXISTS, and what registration throws (FORBIDDEN…)
 */
export const raisePromiseCase = async (app: AppContext, actor: Actor, promiseId: string, input: RaisePromiseCaseInput): Promise<CaseRecord> =>
  app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const row = await loadReadablePromise(tx, app.tenantId, actor, lead, promiseId, { lock: true });
    const { promise, project } = row;
    if (promise.caseId !== null) {
      throw new AppError('PROMISE_CASE_EXISTS', `该承诺已登记为问题事项${row.caseNumber ?? ''}`, { caseId: promise.caseId });
    }
    const [enterprise] = await tx.select({ name: units.name, creditCode: units.creditCode }).from(units).where(and(eq(units.tenantId, app.tenantId), eq(units.id, project.enterpriseUnitId)));
    const [signing] = await tx.select({ name: units.name }).from(units).where(and(eq(units.tenantId, app.tenantId), eq(units.id, project.signingUnitId)));
    const delivered = await deliveredOn(tx, app.tenantId, promiseId);
    const outstanding = promise.amount === null ? null : Math.max(0, promise.amount - delivered.amount);
    const today = todayInShanghai(app.clock());
    const facts = [
      `${project.name}（协议编号${project.agreementNo}）${promise.clause}约定：${promise.content}（${PROMISE_TYPE_LABEL[promise.type]}），兑现期限${promise.dueOn}。`,
      promise.amount === null ? null : `承诺金额${formatYuan(promise.amount)}，已兑现${formatYuan(delivered.amount)}。`,
      promise.conditions ? `企业应满足的条件：${promise.conditions}。` : null,
      `截至${today}尚未兑现到位。`,
    ]
      .filter((part): part is string => part !== null)
      .join('');
    const registration: RegisterCaseInput = {
      line: 'investment',
      source: promiseCaseSource(actor),
      title: input.title || `${signing?.name ?? ''}未兑现${project.name}${promise.clause}承诺`.slice(0, 200),
      facts: input.facts || facts,
      ...(input.instruction ? { instruction: input.instruction } : {}),
      enterprise: { name: enterprise?.name ?? '', creditCode: enterprise?.creditCode ?? '' },
      responsibleUnitId: promise.responsibleUnitId,
      claimedAmount: outstanding === null || outstanding === 0 ? null : outstanding,
    };
    const record = await registerCase({ ...app, db: tx }, actor, registration);
    const linked = await tx
      .update(investmentPromises)
      .set({ caseId: record.id, version: promise.version + 1, updatedByName: actor.name, updatedAt: app.clock() })
      .where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.id, promiseId), isNull(investmentPromises.caseId)))
      .returning({ id: investmentPromises.id });
    if (linked.length !== 1) throw new AppError('PROMISE_CASE_EXISTS', '该承诺已登记为问题事项');
    return record;
  });

/**
 * S6: a promise of the register names the case already registered about it (a complaint that
 * came before the register knew the promise): the case must be an investment case of the same
 * enterprise that the reader sees, and the promise must name no case yet.
 * @throws AppError PROMISE_NOT_FOUND, CASE_NOT_FOUND, PROMISE_CASE_EXISTS, VALIDATION_FAILED, FORBIDDEN
 */
export const linkPromiseCase = async (app: AppContext, actor: Actor, promiseId: string, caseId: string): Promise<void> =>
  app.db.transaction(async (tx) => {
    const lead = await loadPromiseLead(tx, app.tenantId);
    const row = await loadReadablePromise(tx, app.tenantId, actor, lead, promiseId, { lock: true });
    if (!canKeepRegister(actor, lead, row.project.jurisdictionId)) throw new AppError('FORBIDDEN', '只有市招商局和项目所在县市区可以关联问题事项');
    if (row.promise.caseId !== null) throw new AppError('PROMISE_CASE_EXISTS', `该承诺已关联问题事项${row.caseNumber ?? ''}`, { caseId: row.promise.caseId });
    const record = (await loadCase(tx, app.tenantId, caseId))?.record ?? null;
    if (record === null || !can(actor, 'read', record)) throw new AppError('CASE_NOT_FOUND', '案件不存在或无权查看');
    if (record.line !== 'investment' || record.enterprise?.unitId !== row.project.enterpriseUnitId) {
      throw new AppError('VALIDATION_FAILED', `事项${record.number}不是该项目企业的招商引资问题，不能关联`, { field: 'caseId' });
    }
    await tx
      .update(investmentPromises)
      .set({ caseId: record.id, version: row.promise.version + 1, updatedByName: actor.name, updatedAt: app.clock() })
      .where(and(eq(investmentPromises.tenantId, app.tenantId), eq(investmentPromises.id, promiseId)));
  });
