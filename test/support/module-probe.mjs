// @ts-check
/**
 * Preloaded (`node --import`) into a process whose loaded modules a test checks: it counts the
 * TypeScript modules (`.ts`, `.mts`, `.cts`, `.tsx`) that the process loads, through a module
 * hook (module-probe-hooks.mjs, which runs on Node's hooks thread), and prints
 * `typescript modules loaded: N` on stderr as the process exits. The compiled server loads none;
 * the sources through tsx load hundreds.
 */
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
let loaded = 0;
port1.on('message', () => (loaded += 1));
port1.unref();
register('./module-probe-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
process.on('exit', () => process.stderr.write(`\ntypescript modules loaded: ${loaded}\n`));
