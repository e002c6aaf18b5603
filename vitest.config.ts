import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/build-web.ts', 'test/support/build-server.ts', 'test/support/database-template.ts'],
    // Each test file opens its own database; PGlite's start-up dominates, so keep files parallel
    // but bounded to the machine's two cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    // expect.poll waits on a browser page or a server; 1 s (the default) is too tight under load,
    // and a page's answer to a click can take tens of seconds beside another test run.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    hookTimeout: 120_000,
    // CI treats a skipped or focused test as a failure.
    allowOnly: false,
    passWithNoTests: false,
  },
});
