import { timingSafeEqual } from 'node:crypto';
import multipart from '@fastify/multipart';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { ADMIN_ROLES } from '../../domain/access/account-policy.ts';
import { AppError } from '../../domain/errors.ts';
import { organisationFormSchema } from '../../domain/setup/organisation-form.ts';
import { INTAKE_IMPORT_MAX_BYTES, INTAKE_IMPORT_MAX_TEXT, XLSX_CONTENT_TYPE } from '../../io/intake-import.ts';
import { ORGANISATION_TEMPLATE_FILE_NAME, writeOrganisationTemplate } from '../../io/organisation-workbook.ts';
import { isSetUp, setUpCityByHand, setUpCityFromWorkbook, type SetUpOutcome } from '../../setup/set-up-city.ts';
import { sendDownload } from '../downloads.ts';
import { errorBodySchema } from '../errors.ts';
import { readForm } from '../input-rules.ts';

const problemSchema = z.object({ sheet: z.string().nullable(), row: z.int().nullable(), column: z.string().nullable(), message: z.string() });
const adminSchema = z.object({ role: z.enum(ADMIN_ROLES), username: z.string(), displayName: z.string() });

const setUpResultSchema = z
  .object({
    dryRun: z.boolean(),
    cityName: z.string(),
    jurisdictions: z.int(),
    units: z.int(),
    admins: z.array(adminSchema.extend({ temporaryPassword: z.string().nullable().describe('一次性初始密码，仅正式初始化时返回一次') })).readonly(),
    warnings: z.array(problemSchema).readonly().describe('提示：没有单位承担的职能等，不妨碍初始化'),
  })
  .meta({ id: 'SetUpResult' });

const errors = { 400: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema };
const tags = ['初始化'];

/** Equal-time comparison: the token is not guessed a character at a time. */
const tokenMatches = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * The token of this start.
 * @throws AppError TENANT_ALREADY_SET_UP when the server started on a city already set up (which
 *   has no token; setting up checks again in its own transaction)
 */
const setupTokenOf = (options: { setupToken: string | null }): string => {
  if (options.setupToken === null) throw new AppError('TENANT_ALREADY_SET_UP', '本市已完成初始化');
  return options.setupToken;
};

/** @throws AppError SETUP_TOKEN_INVALID */
const assertTokenMatches = (given: string | undefined, expected: string): void => {
  if (!tokenMatches(given ?? '', expected)) throw new AppError('SETUP_TOKEN_INVALID', '初始化口令不正确：请使用服务启动时控制台打印的口令', { field: 'setupToken' });
};

/** A dry run's preview (200, no passwords), or the city set up (201, each one-time password once). */
const sendOutcome = (reply: FastifyReply, outcome: SetUpOutcome) => {
  if (outcome.kind === 'preview') return reply.status(200).send({ dryRun: true, ...outcome.preview, admins: outcome.preview.admins.map((admin) => ({ ...admin, temporaryPassword: null })) });
  const { city } = outcome;
  return reply.status(201).send({ dryRun: false, cityName: city.cityName, jurisdictions: city.jurisdictions, units: city.units, admins: city.admins, warnings: city.warnings });
};

const dryRunQuery = z.object({ dryRun: z.enum(['true', 'false'], { error: 'dryRun 应为 true 或 false' }).optional() });
// The token is 128 bits; this only keeps a guesser from loading the server.
const setupRateLimit = { rateLimit: { max: 20, timeWindow: '1 minute' } };

/**
 * The first-run page's API: while the city is not set up, whoever holds the setup token the
 * server printed at start uploads the organisation workbook, or sends the organisation filled in
 * by hand. Once set up, it answers 409.
 */
export const setupRoutes =
  (app: AppContext, options: { setupToken: string | null }): FastifyPluginAsyncZod =>
  async (server) => {
    await server.register(multipart, { limits: { fileSize: INTAKE_IMPORT_MAX_BYTES, files: 1, fields: 5, parts: 6 } });

    server.get(
      '/api/setup',
      {
        schema: {
          operationId: 'getSetup',
          tags,
          summary: '是否需要初始化（首次运行）',
          security: [],
          response: { 200: z.object({ required: z.boolean().describe('尚未初始化：登录页转到初始化页') }) },
        },
      },
      async () => ({ required: !(await isSetUp(app)) }),
    );

    server.get(
      '/api/setup/template',
      {
        schema: {
          operationId: 'downloadOrganisationTemplate',
          tags,
          summary: '下载组织架构导入模板（.xlsx：行政区划、单位、管理员、说明）',
          security: [],
          produces: [XLSX_CONTENT_TYPE, 'application/json'],
          response: { 200: z.any().describe('组织架构导入模板'), ...errors },
        },
      },
      async (_request, reply) =>
        sendDownload(reply, { contentType: XLSX_CONTENT_TYPE, fileName: ORGANISATION_TEMPLATE_FILE_NAME, asciiFileName: 'organisation-template.xlsx', content: await writeOrganisationTemplate() }),
    );

    server.post(
      '/api/setup',
      {
        schema: {
          operationId: 'setUpCity',
          tags,
          summary: `初始化本市（multipart/form-data：初始化口令 setupToken 与组织架构工作簿 file，不超过${INTAKE_IMPORT_MAX_TEXT}；dryRun=true 时仅检查）`,
          description:
            '仅在尚未初始化时可用，口令为服务启动时在控制台打印的初始化口令。工作簿有误时不写入任何数据，返回 422 IMPORT_INVALID，details.problems 为 [{ sheet, row, column, message }]。正式初始化在一个事务中写入行政区划、单位、责任分工矩阵、节假日与办理时限和三名管理员，并返回三人的一次性初始密码。',
          security: [],
          consumes: ['multipart/form-data'],
          querystring: dryRunQuery,
          response: { 200: setUpResultSchema, 201: setUpResultSchema, ...errors },
        },
        config: setupRateLimit,
      },
      async (request, reply) => {
        const expected = setupTokenOf(options);
        const { file, fields } = await readForm(request, () => new AppError('PAYLOAD_TOO_LARGE', `文件超过${INTAKE_IMPORT_MAX_TEXT}`, { field: 'file' }));
        assertTokenMatches(fields.setupToken, expected);
        if (file === undefined) throw new AppError('VALIDATION_FAILED', '请选择组织架构工作簿（.xlsx）', { field: 'file' });
        return sendOutcome(reply, await setUpCityFromWorkbook(app, file.content, { dryRun: request.query.dryRun === 'true', address: request.ip }));
      },
    );

    server.post(
      '/api/setup/by-hand',
      {
        schema: {
          operationId: 'setUpCityByHand',
          tags,
          summary: '逐项填写初始化本市（JSON：初始化口令 setupToken 与组织架构 organisation；dryRun=true 时仅检查）',
          description:
            '首次运行页“逐项填写”所用，与上传工作簿（setUpCity）做同样的检查、写入同样的数据、返回同样的结果。organisation 为城市、县市区/管委会、单位（含所属区划、上级单位与在责任分工矩阵中承担的职能，均以名称引用）和三名管理员。有误时不写入任何数据，返回 422 IMPORT_INVALID，details.problems 与工作簿的形状相同：sheet 为表单的步骤（城市、县市区/管委会、单位、管理员），row 为该步骤中的第几项（从1起），column 为栏目名称。',
          security: [],
          querystring: dryRunQuery,
          body: z.object({ setupToken: z.string().max(200), organisation: organisationFormSchema }),
          response: { 200: setUpResultSchema, 201: setUpResultSchema, ...errors },
        },
        // As large as the workbook may be: a city of a few thousand units.
        bodyLimit: INTAKE_IMPORT_MAX_BYTES,
        config: setupRateLimit,
      },
      async (request, reply) => {
        assertTokenMatches(request.body.setupToken, setupTokenOf(options));
        return sendOutcome(reply, await setUpCityByHand(app, request.body.organisation, { dryRun: request.query.dryRun === 'true', address: request.ip }));
      },
    );
  };
