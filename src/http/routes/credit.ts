import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';

/** The credit API (issue 4). */
export const creditRoutes =
  (_app: AppContext): FastifyPluginAsyncZod =>
  async () => {};
