import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { holidays, responsibilityMatrix } from '../../db/schema.ts';
import {
  holidaySchema,
  matrixRowPatchSchema,
  removeHoliday,
  setHoliday,
  setTimeLimit,
  timeLimitSchema,
  updateMatrixRow,
} from '../../reference/edit-reference-data.ts';
import {
  createJurisdiction,
  jurisdictionInputSchema,
  jurisdictionPatchSchema,
  jurisdictionRowSchema,
  updateJurisdiction,
} from '../../reference/edit-jurisdictions.ts';
import { createUnit, unitInputSchema, unitPatchSchema, updateUnit } from '../../reference/edit-units.ts';
import { CASE_STATE_LABEL } from '../../domain/case/states.ts';
import { TIMED_STATES } from '../../domain/supervision/time-limits.ts';
import { loadTimeLimits } from '../../reference/reference-data.ts';
import { actorOf, requireActor } from '../auth.ts';
import { errorBodySchema } from '../errors.ts';
import { ids, nonEmptyPatch } from '../input-rules.ts';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 422: errorBodySchema };
const dayParams = z.object({ day: ids.day('日期') });
const holidayRow = z.object({ day: z.string(), kind: z.enum(['holiday', 'workday']), name: z.string() }).meta({ id: 'Holiday' });
const matrixRow = z
  .object({
    id: z.string(),
    line: z.string(),
    topic: z.string(),
    description: z.string(),
    debtorKinds: z.array(z.string()),
    debtorLevel: z.string().nullable(),
    leadUnitId: z.string().nullable(),
    leadIsJurisdiction: z.boolean(),
    cooperatingUnitIds: z.array(z.string()),
  })
  .meta({ id: 'ResponsibilityMatrixRow' });
const timeLimitRow = z
  .object({ state: z.string(), label: z.string(), unit: z.enum(['working_days', 'calendar_days']), days: z.int() })
  .meta({ id: 'TimeLimit' });
const unitRow = z
  .object({ id: z.string(), name: z.string(), kind: z.string(), creditCode: z.string().nullable(), jurisdictionId: z.string(), parentUnitId: z.string().nullable() })
  .meta({ id: 'UnitRecord' });

/**
 * Reading and editing the reference data of SPEC §6 and S1 — the jurisdictions and units of the
 * organisation, the responsibility matrix, the holiday calendar, the time limits; every edit is
 * logged with before and after.
 */
export const referenceAdminRoutes =
  (app: AppContext): FastifyPluginAsyncZod =>
  async (server) => {
    server.addHook('preHandler', requireActor(app));

    server.get(
      '/api/holidays',
      {
        schema: {
          operationId: 'listHolidays',
          tags: ['参考数据'],
          summary: '节假日与调休上班日',
          querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
          response: { 200: z.object({ items: z.array(holidayRow) }), ...errors },
        },
      },
      async (request) => ({
        items: await app.db
          .select({ day: holidays.day, kind: holidays.kind, name: holidays.name })
          .from(holidays)
          .where(and(eq(holidays.tenantId, app.tenantId), gte(holidays.day, `${request.query.year}-01-01`), lte(holidays.day, `${request.query.year}-12-31`)))
          .orderBy(asc(holidays.day)),
      }),
    );

    server.put(
      '/api/holidays/:day',
      {
        schema: {
          operationId: 'setHoliday',
          tags: ['参考数据'],
          summary: '设置某日为放假日或调休上班日（系统管理员）',
          params: dayParams,
          body: holidaySchema,
          response: { 200: holidayRow, ...errors },
        },
      },
      async (request) => {
        const row = await setHoliday(app, actorOf(request), request.params.day, request.body);
        return { day: row.day, kind: row.kind, name: row.name };
      },
    );

    server.delete(
      '/api/holidays/:day',
      {
        schema: {
          operationId: 'removeHoliday',
          tags: ['参考数据'],
          summary: '恢复某日为普通日期（系统管理员）',
          params: dayParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await removeHoliday(app, actorOf(request), request.params.day);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/api/time-limits',
      {
        schema: {
          operationId: 'listTimeLimits',
          tags: ['参考数据'],
          summary: '各状态办理时限（S1）',
          response: { 200: z.object({ items: z.array(timeLimitRow) }), ...errors },
        },
      },
      async () => {
        const limits = await loadTimeLimits(app.db, app.tenantId);
        return { items: TIMED_STATES.map((state) => ({ state, label: CASE_STATE_LABEL[state], ...limits[state] })) };
      },
    );

    server.put(
      '/api/time-limits/:state',
      {
        schema: {
          operationId: 'setTimeLimit',
          tags: ['参考数据'],
          summary: '调整某状态的办理时限（市营商办、系统管理员）；只影响此后设定的期限',
          params: z.object({ state: ids.key('案件状态') }),
          body: timeLimitSchema,
          response: { 200: timeLimitRow, ...errors },
        },
      },
      (request) => setTimeLimit(app, actorOf(request), request.params.state, request.body),
    );

    server.get(
      '/api/responsibility-matrix',
      {
        schema: {
          operationId: 'listResponsibilityMatrix',
          tags: ['参考数据'],
          summary: '职责分工（牵头与配合单位）',
          response: { 200: z.object({ items: z.array(matrixRow) }), ...errors },
        },
      },
      async () => ({
        items: await app.db
          .select({
            id: responsibilityMatrix.id,
            line: responsibilityMatrix.line,
            topic: responsibilityMatrix.topic,
            description: responsibilityMatrix.description,
            debtorKinds: responsibilityMatrix.debtorKinds,
            debtorLevel: responsibilityMatrix.debtorLevel,
            leadUnitId: responsibilityMatrix.leadUnitId,
            leadIsJurisdiction: responsibilityMatrix.leadIsJurisdiction,
            cooperatingUnitIds: responsibilityMatrix.cooperatingUnitIds,
          })
          .from(responsibilityMatrix)
          .where(eq(responsibilityMatrix.tenantId, app.tenantId))
          .orderBy(asc(responsibilityMatrix.sort)),
      }),
    );

    server.patch(
      '/api/responsibility-matrix/:id',
      {
        schema: {
          operationId: 'updateResponsibilityMatrixRow',
          tags: ['参考数据'],
          summary: '调整职责分工（市营商办、系统管理员）',
          params: z.object({ id: ids.key('职责分工') }),
          body: nonEmptyPatch(matrixRowPatchSchema),
          response: { 200: matrixRow, ...errors },
        },
      },
      (request) => updateMatrixRow(app, actorOf(request), request.params.id, request.body),
    );

    server.post(
      '/api/units',
      {
        schema: {
          operationId: 'createUnit',
          tags: ['参考数据'],
          summary: '新增单位（部门、事业单位、国有企业、法院、司法行政机关）',
          body: unitInputSchema,
          response: { 201: unitRow, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createUnit(app, actorOf(request), request.body)),
    );

    server.patch(
      '/api/units/:id',
      {
        schema: {
          operationId: 'updateUnit',
          tags: ['参考数据'],
          summary: '修改单位的名称、统一社会信用代码、类别或所属行政区划',
          params: z.object({ id: ids.key('单位') }),
          body: nonEmptyPatch(unitPatchSchema),
          response: { 200: unitRow, ...errors },
        },
      },
      (request) => updateUnit(app, actorOf(request), request.params.id, request.body),
    );

    server.post(
      '/api/jurisdictions',
      {
        schema: {
          operationId: 'createJurisdiction',
          tags: ['参考数据'],
          summary: '新增县市区或管委会及其人民政府（管委会）（系统管理员）',
          body: jurisdictionInputSchema,
          response: { 201: jurisdictionRowSchema, ...errors },
        },
      },
      async (request, reply) => reply.status(201).send(await createJurisdiction(app, actorOf(request), request.body)),
    );

    server.patch(
      '/api/jurisdictions/:id',
      {
        schema: {
          operationId: 'updateJurisdiction',
          tags: ['参考数据'],
          summary: '修改行政区划的名称、级别或区划代码（系统管理员）；行政区划不能删除',
          params: z.object({ id: ids.key('行政区划') }),
          body: nonEmptyPatch(jurisdictionPatchSchema),
          response: { 200: jurisdictionRowSchema, ...errors },
        },
      },
      (request) => updateJurisdiction(app, actorOf(request), request.params.id, request.body),
    );
  };
