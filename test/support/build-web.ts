import { build } from 'vite';

/**
 * Vitest global setup: builds the web UI once before the browser tests, so they always test
 * the current sources (a Vite build takes a few seconds).
 */
export default async function setup(): Promise<void> {
  await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
