import { eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JURISDICTION_IDS } from '../../src/db/seed/hanjiang.ts';
import { jurisdictions } from '../../src/db/schema.ts';
import { errorHandler } from '../../src/http/errors.ts';
import { backendName, createTestDatabase } from '../support/database.ts';

/**
 * Use cases check uniqueness before they write, but two requests at once can both pass that
 * check; the database's unique rule then refuses the second. That refusal is a 409 in the
 * platform's shape, never a 500.
 */
describe(`a write refused by a unique rule of the database (${backendName})`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('answers 409 DUPLICATE with a Chinese message', async () => {
    const server = Fastify();
    server.setErrorHandler(errorHandler);
    const [existing] = await database.db.select().from(jurisdictions).where(eq(jurisdictions.id, JURISDICTION_IDS.handong));
    server.post('/write-twice', async () => {
      await database.db.insert(jurisdictions).values({ ...existing!, name: `${existing!.name}（副本）` });
      return {};
    });
    const response = await server.inject({ method: 'POST', url: '/write-twice' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: { code: 'DUPLICATE', message: '与已有数据重复（可能刚被他人保存），请刷新后重试' } });
    await server.close();
  });
});
