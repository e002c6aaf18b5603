/**
 * The matrix's kinds of the promise register (S6): investment projects and their promises,
 * against `src/domain/investment/access.ts` and, for a promise raised as a case, the
 * registration rules.
 */
import { eq } from 'drizzle-orm';
import { canRegister } from '../../../src/domain/access/case-policy.ts';
import type { Actor } from '../../../src/domain/access/roles.ts';
import { addCalendarDays } from '../../../src/domain/calendar.ts';
import {
  canKeepRegister,
  canReadProject,
  canReadPromise,
  canRecordFulfilment,
  canReviewLegality,
  leadsPromises,
  type PromiseRef,
} from '../../../src/domain/investment/access.ts';
import { investmentProjects, investmentPromises } from '../../../src/db/schema.ts';
import { promiseCaseSource } from '../../../src/investment/raise-promise-case.ts';
import { matrixLevelOf } from '../../../src/reference/reference-data.ts';
import type { MatrixCase } from './case-kind.ts';
import { allowedIf, factsOf, type ObjectKind } from './matrix.ts';
import { unitOf, type MatrixWorld } from './world.ts';

type ProjectRow = typeof investmentProjects.$inferSelect;
type PromiseRow = typeof investmentPromises.$inferSelect;

interface MatrixProject extends ProjectRow {
  readonly responsibleUnitIds: readonly string[];
}

interface MatrixPromise extends PromiseRef {
  readonly row: PromiseRow;
}

/** The facts the register's rules read: where the project was signed, whose enterprise, who keeps a promise, and 招商局. */
const registerRelation = (world: MatrixWorld, actor: Actor, where: { jurisdictionId: string; enterpriseUnitId: string; responsibleUnitIds: readonly string[] }): string =>
  factsOf(
    {
      'leads the register': leadsPromises(actor, world.lead),
      'signed in own county': actor.jurisdictionScope.includes(where.jurisdictionId),
      'own enterprise': actor.unitId === where.enterpriseUnitId,
      'kept by own unit': actor.unitId !== null && where.responsibleUnitIds.includes(actor.unitId),
    },
    'none of its parties',
  );

export const projectKind = async (world: MatrixWorld): Promise<ObjectKind<MatrixProject>> => {
  const { db, app } = world.demo;
  const rows = await db.select().from(investmentProjects).where(eq(investmentProjects.tenantId, app.tenantId)).orderBy(investmentProjects.agreementNo);
  const promises = await db.select({ projectId: investmentPromises.projectId, responsibleUnitId: investmentPromises.responsibleUnitId }).from(investmentPromises).where(eq(investmentPromises.tenantId, app.tenantId));
  const objects = rows.map((row) => ({ ...row, responsibleUnitIds: promises.filter((promise) => promise.projectId === row.id).map((promise) => promise.responsibleUnitId) }));
  const keep = (actor: Actor, project: MatrixProject) => allowedIf(canKeepRegister(actor, world.lead, project.jurisdictionId));
  const url = (project: MatrixProject, tail = '') => `/api/investment/projects/${project.id}${tail}`;
  return {
    name: 'investment projects',
    objects,
    label: (project) => project.agreementNo,
    relation: (actor, project) => registerRelation(world, actor, project),
    hiddenCode: 'PROJECT_NOT_FOUND',
    operations: [
      { operationId: 'getInvestmentProject', expected: (actor, project) => allowedIf(canReadProject(actor, world.lead, project)), request: (project) => ({ method: 'GET', url: url(project) }) },
      {
        operationId: 'editInvestmentProject',
        expected: keep,
        offered: (actor, project) => canKeepRegister(actor, world.lead, project.jurisdictionId),
        request: (project) => {
          const enterprise = unitOf(world, project.enterpriseUnitId);
          return {
            method: 'PUT',
            url: url(project),
            payload: {
              name: project.name,
              enterprise: { name: enterprise.name, creditCode: enterprise.creditCode },
              agreementName: project.agreementName,
              agreementNo: project.agreementNo,
              signingUnitId: project.signingUnitId,
              signedOn: project.signedOn,
              investmentAmount: project.investmentAmount,
              milestones: project.milestones,
              ...(project.clauses === null ? {} : { clauses: project.clauses }),
              expectedVersion: project.version,
            },
          };
        },
      },
      {
        operationId: 'addInvestmentPromise',
        expected: keep,
        offered: (actor, project) => canKeepRegister(actor, world.lead, project.jurisdictionId),
        request: (project) => ({
          method: 'POST',
          url: url(project, '/promises'),
          payload: { type: 'other', clause: '第十二条', content: '协助办理项目用电增容', dueOn: addCalendarDays(world.today, 60), responsibleUnitId: project.signingUnitId },
        }),
      },
    ],
  };
};

export const promiseKind = async (world: MatrixWorld, cases: readonly MatrixCase[]): Promise<ObjectKind<MatrixPromise>> => {
  const { db, app } = world.demo;
  const rows = await db.select().from(investmentPromises).where(eq(investmentPromises.tenantId, app.tenantId)).orderBy(investmentPromises.dueOn, investmentPromises.id);
  const projects = new Map((await db.select().from(investmentProjects).where(eq(investmentProjects.tenantId, app.tenantId))).map((project) => [project.id, project]));
  const objects = rows.map((row) => {
    const project = projects.get(row.projectId)!;
    return { row, jurisdictionId: project.jurisdictionId, enterpriseUnitId: project.enterpriseUnitId, responsibleUnitId: row.responsibleUnitId };
  });
  const url = (promise: MatrixPromise, tail = '') => `/api/investment/promises/${promise.row.id}${tail}`;
  const read = (actor: Actor, promise: MatrixPromise) => canReadPromise(actor, world.lead, promise);
  const keeps = (actor: Actor, promise: MatrixPromise) => canKeepRegister(actor, world.lead, promise.jurisdictionId);
  /** S3, S6: raised as a case by whoever may register it, from the channel of their role, against the unit that must keep it. */
  const mayRaise = (actor: Actor, promise: MatrixPromise) => {
    const unit = unitOf(world, promise.responsibleUnitId);
    return canRegister(actor, {
      source: promiseCaseSource(actor),
      responsibleUnitId: unit.id,
      responsibleJurisdictionId: unit.jurisdictionId,
      enterpriseUnitId: promise.enterpriseUnitId,
      matrix: { line: 'investment', responsibleUnitKind: unit.kind, responsibleUnitLevel: matrixLevelOf(world.jurisdictions, unit.jurisdictionId), ledRows: world.ledRows(actor.unitId), imported: false },
    });
  };
  /** An investment case of the promise's enterprise, as the drawer's 关联问题 would name. */
  const caseOf = (promise: MatrixPromise) =>
    (cases.find(({ record }) => record.line === 'investment' && record.enterprise?.unitId === promise.enterpriseUnitId) ?? cases.find(({ record }) => record.line === 'investment'))!.record.id;
  return {
    name: 'investment promises',
    objects,
    label: (promise) => `${promise.row.clause} ${promise.row.id.slice(0, 8)}`,
    relation: (actor, promise) => registerRelation(world, actor, { ...promise, responsibleUnitIds: [promise.responsibleUnitId] }),
    hiddenCode: 'PROMISE_NOT_FOUND',
    operations: [
      { operationId: 'getInvestmentPromise', expected: (actor, promise) => allowedIf(read(actor, promise)), request: (promise) => ({ method: 'GET', url: url(promise) }) },
      {
        operationId: 'editInvestmentPromise',
        expected: (actor, promise) => allowedIf(keeps(actor, promise)),
        offered: keeps,
        request: (promise) => {
          const { type, clause, content, amount, area, dueOn, conditions, responsibleUnitId, version } = promise.row;
          return {
            method: 'PUT',
            url: url(promise),
            payload: { type, clause, content, ...(amount === null ? {} : { amount }), ...(area === null ? {} : { area }), dueOn, ...(conditions === null ? {} : { conditions }), responsibleUnitId, expectedVersion: version },
          };
        },
      },
      {
        operationId: 'recordInvestmentFulfilment',
        expected: (actor, promise) => allowedIf(canRecordFulfilment(actor, world.lead, promise)),
        request: (promise) => ({
          method: 'POST',
          url: url(promise, '/fulfilments'),
          payload: { deliveredOn: world.today, description: '拨付部分补助资金', ...(promise.row.amount === null ? {} : { amount: 1 }), completes: false },
        }),
      },
      {
        operationId: 'reviewInvestmentPromise',
        expected: (actor, promise) => allowedIf(canReviewLegality(actor, world.lead, promise)),
        offered: (actor, promise) => canReviewLegality(actor, world.lead, promise),
        request: (promise) => ({ method: 'POST', url: url(promise, '/reviews'), payload: { legality: 'compliant', reviewedOn: world.today } }),
      },
      {
        operationId: 'raisePromiseCase',
        // A promise that names its case already answers so before anyone's registration is looked at.
        reaches: (promise) => promise.row.caseId === null,
        expected: (actor, promise) => allowedIf(read(actor, promise) && mayRaise(actor, promise)),
        request: (promise) => ({ method: 'POST', url: url(promise, '/case'), payload: {} }),
      },
      {
        operationId: 'linkPromiseCase',
        reaches: (promise) => promise.row.caseId === null,
        expected: (actor, promise) => allowedIf(read(actor, promise) && keeps(actor, promise)),
        request: (promise) => ({ method: 'PUT', url: url(promise, '/case'), payload: { caseId: caseOf(promise) } }),
      },
    ],
  };
};
