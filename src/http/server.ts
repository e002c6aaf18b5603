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
import { clientErrorHandler, errorHandler, frameworkErrorHandler } from './errors.ts';
import { registerInputRules } from './input-rules.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { caseRoutes } from './routes/cases.ts';
import { creditRoutes } from './routes/credit.ts';
import { policyRoutes } from './routes/policies.ts';
import { policyImportRoutes } from './routes/policy-import.ts';
import { noApplicationListRoutes } from './routes/no-application-list.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { disclosureRoutes } from './routes/disclosures.ts';
import { enterpriseRoutes } from './routes/enterprises.ts';
import { benefitRoutes } from './routes/benefits.ts';
import { intakeRoutes } from './routes/intake.ts';
import { caseDocumentRoutes } from './routes/case-documents.ts';
import { investmentRoutes } from './routes/investment.ts';
import { investmentImportRoutes } from './routes/investment-import.ts';
import { ledgerImportRoutes } from './routes/ledger-import.ts';
import { investmentProblemRoutes } from './routes/investment-problems.ts';
import { referenceRoutes } from './routes/reference.ts';
import { referenceAdminRoutes } from './routes/reference-admin.ts';
import { lprRateRoutes } from './routes/lpr-rates.ts';
import { sessionRoutes } from './routes/session.ts';
import { setupRoutes } from './routes/setup.ts';
import { accountSecurityRoutes } from './routes/account-security.ts';
import { securityPolicyRoutes } from './routes/security-policy.ts';
import { roleRoutes } from './routes/roles.ts';
import { accountRoutes } from './routes/accounts.ts';
import { enterpriseRegistrationRoutes } from './routes/enterprise-registrations.ts';
import { csrfGuard } from './csrf.ts';
import { statsRoutes } from './routes/stats.ts';
import { securityEventRoutes } from './routes/security-events.ts';
import { registerSecurityEventHooks } from './security-events.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { webRoutes } from './web.ts';

// Every default validation message in Chinese; the schemas' own messages already are.
z.config(z.locales.zhCN());

export interface ServerOptions {
  readonly app: AppContext;
  readonly logger?: boolean;
  /** Send the session cookie only over HTTPS (production behind TLS). */
  readonly secureCookies?: boolean;
  /**
   * The reverse proxies (addresses or CIDR blocks) whose X-Forwarded-For/-Proto/-Host are
   * believed: the client's address for the sign-in limits, the audit log and the staff
   * networks. Unset: no proxy is trusted and the socket's peer is the client.
   */
  readonly trustProxy?: string | readonly string[];
  readonly databaseKind?: string;
  /** The demo city is loaded: the sign-in page may point to the demo accounts, and webhooks may also go to `http://`. */
  readonly demo?: boolean;
  /** The first-run page's token while the city is not set up (`chengxin serve` prints it); null once set up. */
  readonly setupToken?: string | null;
  /** The built web UI served at `/`; the repository's `dist/web` unless given (tests). */
  readonly webDistDir?: string;
  /** The folder of the external audit anchor file (`anchorDirectory`), for the audit page's chain status; null: the table only. */
  readonly anchorDir?: string | null;
}

const healthRoutes =
  (app: AppContext, databaseKind: string, demo: boolean): FastifyPluginAsyncZod =>
  async (server) => {
    server.get(
      '/api/health',
      {
        schema: {
          operationId: 'getHealth',
          tags: ['运维'],
          summary: '健康检查',
          response: { 200: z.object({ status: z.literal('ok'), database: z.string(), demo: z.boolean(), time: z.string() }) },
        },
      },
      async () => {
        await app.db.execute(sql`select 1`);
        return { status: 'ok' as const, database: databaseKind, demo, time: app.clock().toISOString() };
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
    ...(options.trustProxy === undefined ? {} : { trustProxy: typeof options.trustProxy === 'string' ? options.trustProxy : [...options.trustProxy] }),
    // The router's and Node's HTTP parser's own refusals, in the platform's error shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(errorHandler);
  server.setNotFoundHandler((request, reply) => {
    const error = new AppError('NOT_FOUND', `接口不存在：${request.method} ${request.url.split('?')[0]}`);
    return reply.status(404).send({ error: { code: error.code, message: error.message, details: {} } });
  });
  server.decorateRequest('actor', null);
  // Denials, server errors and downloads go to the security audit log; before the routes, so it covers them all.
  registerSecurityEventHooks(server, app);
  server.decorateRequest('signedIn', null);
  registerInputRules(server);

  await server.register(helmet, {
    // The built UI loads only its own scripts; antd writes its styles at run time (CSS-in-JS);
    // images and fonts may come as data: (and images as blob:) URLs. The API reference
    // (swagger-ui) sends its own policy (`staticCSP`).
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // Over plain HTTP (a LAN address, no TLS) upgrading would break every request.
        upgradeInsecureRequests: options.secureCookies ? [] : null,
      },
    },
  });
  await server.register(cookie);
  // CSRF for every state-changing request, after the cookies are read and before any body is.
  server.addHook('onRequest', csrfGuard);
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
  await server.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Its policy too must not upgrade requests when served over plain HTTP.
    transformStaticCSP: (header) => (options.secureCookies ? header : header.replace(/\s*upgrade-insecure-requests;?/, '')),
  });
  server.get('/api/openapi.json', { schema: { hide: true } }, () => server.swagger());

  await server.register(healthRoutes(app, options.databaseKind ?? 'postgresql', options.demo ?? false));
  await server.register(sessionRoutes(app, { secureCookies: options.secureCookies ?? false, demo: options.demo ?? false }));
  await server.register(accountSecurityRoutes(app));
  await server.register(securityPolicyRoutes(app));
  await server.register(roleRoutes(app));
  await server.register(accountRoutes(app));
  await server.register(enterpriseRegistrationRoutes(app));
  await server.register(setupRoutes(app, { setupToken: options.setupToken ?? null }));
  await server.register(referenceRoutes(app));
  await server.register(referenceAdminRoutes(app));
  await server.register(lprRateRoutes(app));
  await server.register(caseRoutes(app));
  await server.register(attachmentRoutes(app));
  await server.register(statsRoutes(app));
  await server.register(securityEventRoutes(app, { anchorDir: options.anchorDir ?? null }));
  await server.register(intakeRoutes(app));
  await server.register(caseDocumentRoutes(app));
  await server.register(supervisionRoutes(app, { demo: options.demo ?? false }));
  await server.register(dispatchRoutes(app));
  await server.register(disclosureRoutes(app));
  await server.register(creditRoutes(app));
  await server.register(policyRoutes(app));
  await server.register(policyImportRoutes(app));
  await server.register(noApplicationListRoutes(app));
  await server.register(enterpriseRoutes(app));
  await server.register(benefitRoutes(app));
  await server.register(investmentRoutes(app));
  await server.register(investmentImportRoutes(app));
  await server.register(ledgerImportRoutes(app));
  await server.register(investmentProblemRoutes(app));
  await server.register(webRoutes({ distDir: options.webDistDir }));
  return server;
};
