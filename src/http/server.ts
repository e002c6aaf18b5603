import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type FastifyPluginAsyncZod,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../domain/errors.ts';
import { errorHandler } from './errors.ts';
import { caseRoutes } from './routes/cases.ts';
import { referenceRoutes } from './routes/reference.ts';
import { referenceAdminRoutes } from './routes/reference-admin.ts';
import { sessionRoutes } from './routes/session.ts';

// Every default validation message in Chinese; the schemas' own messages already are.
z.config(z.locales.zhCN());

export interface ServerOptions {
  readonly app: AppContext;
  readonly logger?: boolean;
  /** Send the session cookie only over HTTPS (production behind TLS). */
  readonly secureCookies?: boolean;
  readonly databaseKind?: string;
}

const healthRoutes =
  (app: AppContext, databaseKind: string): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/health',
      {
        schema: {
          operationId: 'getHealth',
          tags: ['运维'],
          summary: '健康检查',
          response: { 200: z.object({ status: z.literal('ok'), database: z.string(), time: z.string() }) },
        },
      },
      async () => {
        await app.db.execute(sql`select 1`);
        return { status: 'ok' as const, database: databaseKind, time: app.clock().toISOString() };
      },
    );
  };

/** The HTTP API with its OpenAPI 3.1 document at /api/openapi.json and reference at /api/docs. */
export const buildServer = async (options: ServerOptions): Promise<FastifyInstance> => {
  const { app } = options;
  const server = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    ajv: undefined,
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(errorHandler);
  server.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', `接口不存在：${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send({ error: { code: error.code, message: error.message, details: {} } });
  });
  server.decorateRequest('actor', null);

  await server.register(helmet, {
    // The API reference page runs swagger-ui's own scripts and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  await server.register(cookie);
  await server.register(rateLimit, { global: false });
  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '诚信 Chengxin API',
        version: '0.1.0',
        description:
          '加强政府诚信建设专项行动平台的接口。金额一律为以“分”计的整数；日期为 Asia/Shanghai 的 YYYY-MM-DD。错误返回 `{ error: { code, message, details } }`。写操作接受 `Idempotency-Key` 请求头。',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'chengxin_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await server.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  server.get('/api/openapi.json', { schema: { hide: true } }, () => server.swagger());

  await server.register(healthRoutes(app, options.databaseKind ?? 'postgresql'));
  await server.register(sessionRoutes(app, { secureCookies: options.secureCookies ?? false }));
  await server.register(referenceRoutes(app));
  await server.register(referenceAdminRoutes(app));
  await server.register(caseRoutes(app));
  return server;
};
