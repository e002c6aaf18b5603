import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';

/** The dispatch API (issue 4). */
export const dispatchRoutes =
  (_app: AppContext): FastifyPluginAsyncZod =>
  async () => {};
