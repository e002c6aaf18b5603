import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';

/** The intake API (issue 4). */
export const intakeRoutes =
  (_app: AppContext): FastifyPluginAsyncZod =>
  async () => {};
