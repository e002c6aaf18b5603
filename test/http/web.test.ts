import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/http/server.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { backendName } from '../support/database.ts';

const INDEX = '<!doctype html><html lang="zh-CN"><head><script type="module" src="/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("诚信");';

describe(`the web UI served at / (${backendName})`, () => {
  let t: TestApp;
  let folder: string;
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    t = await createTestApp();
    folder = await mkdtemp(join(tmpdir(), 'chengxin-web-'));
    await mkdir(join(folder, 'built', 'assets'), { recursive: true });
    await mkdir(join(folder, 'unbuilt'));
    await writeFile(join(folder, 'built', 'index.html'), INDEX);
    await writeFile(join(folder, 'built', 'assets', 'index-3f9a1c.js'), SCRIPT);
    // The build's compressed copies, as vite.config.ts writes them beside each text asset.
    await writeFile(join(folder, 'built', 'assets', 'index-3f9a1c.js.br'), brotliCompressSync(SCRIPT));
    await writeFile(join(folder, 'built', 'assets', 'index-3f9a1c.js.gz'), gzipSync(SCRIPT));
    await writeFile(join(folder, 'built', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(folder, 'secret.txt'), 'outside the build');
    built = await buildServer({ app: t.app, webDistDir: join(folder, 'built') });
    unbuilt = await buildServer({ app: t.app, webDistDir: join(folder, 'unbuilt') });
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    await t?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('serves index.html at / without caching it, under a policy the built app can run with', async () => {
    const response = await built.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toBe(INDEX);
    const policy = String(response.headers['content-security-policy']);
    for (const directive of [
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
    ]) {
      expect(policy).toContain(directive);
    }
    // Served over plain HTTP here: upgrading requests would break the app.
    expect(policy).not.toContain('upgrade-insecure-requests');
    expect((await built.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
  });

  it('answers the app’s own routes with index.html, so a refresh on a case page works', async () => {
    for (const url of ['/cases/5f0c8a56-4a53-4b8e-9a53-7f3d2c1b0a99', '/cockpit?line=arrears', '/%E5%8F%B0%E8%B4%A6']) {
      const response = await built.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toBe(INDEX);
      expect(response.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and revalidates other files', async () => {
    const script = await built.inject({ method: 'GET', url: '/assets/index-3f9a1c.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.body).toBe(SCRIPT);
    const icon = await built.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    expect(icon.headers['cache-control']).toBe('no-cache');
    // A hashed file of an older build is missing, not a page.
    expect((await built.inject({ method: 'GET', url: '/assets/index-0000.js' })).statusCode).toBe(404);
  });

  it('sends the compressed copy a browser accepts, brotli first, and the plain file to one that accepts none', async () => {
    const asset = (acceptEncoding?: string) =>
      built.inject({ method: 'GET', url: '/assets/index-3f9a1c.js', headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
    const brotli = await asset('gzip, deflate, br');
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers.vary).toContain('accept-encoding');
    expect(brotli.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(SCRIPT);
    const gzip = await asset('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(SCRIPT);
    for (const plain of [await asset(), await asset('identity')]) {
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toBe(SCRIPT);
    }
    // A file the build left uncompressed (index.html here) is sent as it is.
    const page = await built.inject({ method: 'GET', url: '/cases/1', headers: { 'accept-encoding': 'br' } });
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body).toBe(INDEX);
  });

  it('never serves a file outside the build', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await built.inject({ method: 'GET', url });
      expect(response.body, url).not.toContain('outside the build');
    }
  });

  it('keeps the JSON 404 for unknown API paths and the API reference', async () => {
    for (const server of [built, unbuilt]) {
      const unknown = await server.inject({ method: 'GET', url: '/api/unknown' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toEqual({ error: { code: 'NOT_FOUND', message: '接口不存在：GET /api/unknown', details: {} } });
      expect((await server.inject({ method: 'GET', url: '/api' })).json().error.code).toBe('NOT_FOUND');
      expect((await server.inject({ method: 'POST', url: '/cases' })).json().error.code).toBe('NOT_FOUND');
      expect((await server.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      const docs = await server.inject({ method: 'GET', url: '/api/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toContain('text/html');
      expect(docs.headers['content-security-policy']).toContain('validator.swagger.io');
      expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    }
  });

  it('explains how to build the UI while it is not built (503)', async () => {
    for (const url of ['/', '/cases/1', '/assets/index-3f9a1c.js']) {
      const response = await unbuilt.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(503);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('界面尚未构建');
      expect(response.body).toContain('npm run build');
    }
  });
});
