#!/usr/bin/env node
// The `chengxin` command. It runs the compiled server (`dist/server/main.js`, made by
// `npm run build`, by `npm install` and by `npm start`) when that build is of the sources as they
// are; in a checkout whose sources changed since (a developer's), it runs them through tsx's
// loader instead, so that the command always does what the sources say.
import { isServerBuildCurrent, SERVER_MAIN } from '../scripts/server-build.js';
import { pathToFileURL } from 'node:url';

if (isServerBuildCurrent()) {
  // Stack traces name the TypeScript sources, as they do under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(SERVER_MAIN).href);
} else {
  const { register } = await import('tsx/esm/api').catch(() => {
    console.error('错误：服务端尚未编译，或源码已改动。请先运行 npm run build（或安装开发依赖以直接运行源码）。');
    process.exit(1);
  });
  register();
  await import('../src/cli/main.ts');
}
