import type { FastifyReply } from 'fastify';
import { z } from 'zod';

/** The answer of a reveal (个人信息保护法): the whole number, each reveal in the security log. */
export const revealedPhoneSchema = z.object({ phone: z.string().describe('完整号码（每次查看均记入安全审计日志）') }).meta({ id: 'RevealedPhone' });

/** Sends a revealed number with `Cache-Control: no-store`, so that no browser or proxy cache keeps it. */
export const sendRevealedPhone = (reply: FastifyReply, phone: string): FastifyReply => reply.header('cache-control', 'no-store').send({ phone });
