import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';

/** The supervision API (issue 4). */
export const supervisionRoutes =
  (_app: AppContext): FastifyPluginAsyncZod =>
  async () => {};
