// @ts-check
/** The hooks of module-probe.mjs: reports every TypeScript module loaded to the main thread. */

/** @type {import('node:worker_threads').MessagePort | undefined} */
let port;

/** @param {{ port: import('node:worker_threads').MessagePort }} data */
export const initialize = (data) => {
  port = data.port;
};

/** @type {import('node:module').LoadHook} */
export const load = async (url, context, nextLoad) => {
  if (url.startsWith('file:') && /\.[cm]?tsx?$/.test(new URL(url).pathname)) port?.postMessage(url);
  return nextLoad(url, context);
};
