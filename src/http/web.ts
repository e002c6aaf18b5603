import { stat } from 'node:fs/promises';
import { posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** The Vite build of `web/` (`npm run build`), from the repository root. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

// Vite names what it emits under assets/ by content hash: a changed file is a new URL.
const HASHED = 'public, max-age=31536000, immutable';
// Everything else (index.html above all) is revalidated on every load, so a new build shows at once.
const REVALIDATE = 'no-cache';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>诚信 Chengxin — 界面尚未构建</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.7">
<h1>界面尚未构建</h1>
<p>服务已启动，接口可用，但网页界面还没有构建，所以这里暂时无法显示。</p>
<p>请在项目目录下运行 <code>npm run build</code>，完成后刷新本页即可，无需重启服务。</p>
<p>接口文档：<a href="/api/docs">/api/docs</a></p>
</body>
</html>
`;

const isFile = async (path: string): Promise<boolean> => {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
};

/**
 * The file under `root` a URL path names, or null when it names none: no `..`, no dot files,
 * nothing outside `root`.
 */
const fileOf = (root: string, urlPath: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relative = posix.normalize(decoded).replace(/^\/+/, '');
  if (relative === '' || relative.includes('\0') || relative.split('/').some((segment) => segment === '..' || segment.startsWith('.'))) {
    return null;
  }
  const absolute = resolve(root, relative);
  return absolute.startsWith(root.endsWith(sep) ? root : root + sep) ? relative : null;
};

const isApiPath = (path: string): boolean => path === '/api' || path.startsWith('/api/');

export interface WebOptions {
  /** The folder of the built UI; `DEFAULT_WEB_DIST` unless a test gives its own. */
  readonly distDir?: string;
}

/**
 * The web UI at `/`: the built files, compressed when the browser accepts it, with long caching for the hashed assets, and index.html
 * for every other GET outside `/api/` and `/assets/`, so that the single-page app's own routes
 * load on refresh. Until the UI is built, a page saying how to build it (503). Registered
 * last: every API route takes precedence.
 */
export const webRoutes =
  (options: WebOptions = {}): FastifyPluginAsync =>
  async (server) => {
    const root = resolve(options.distDir ?? DEFAULT_WEB_DIST);
    // Only `reply.sendFile` (ETag, Last-Modified, ranges, content types); the route is ours. The
    // build writes each text asset also brotli- and gzip-compressed beside it (`vite.config.ts`):
    // a browser that accepts one gets that file, any other the plain one.
    await server.register(fastifyStatic, { root, serve: false, cacheControl: false, preCompressed: true });

    const send = (reply: FastifyReply, file: string) =>
      reply
        .header('cache-control', file.startsWith('assets/') ? HASHED : REVALIDATE)
        .header('vary', 'accept-encoding')
        .sendFile(file);

    server.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (isApiPath(path)) return reply.callNotFound();
      if (!(await isFile(resolve(root, 'index.html')))) {
        return reply.status(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      }
      const file = fileOf(root, path);
      if (file !== null && file !== 'index.html' && (await isFile(resolve(root, file)))) return send(reply, file);
      // A hashed asset that is gone (an older build) is missing, not a page of the app.
      if (path.startsWith('/assets/')) return reply.callNotFound();
      return send(reply, 'index.html');
    });
  };
