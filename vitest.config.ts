import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Every test file shares one module graph per worker (`isolate: false`): each opens its own
 * database, server, Chromium or child process and keeps no state of its own in modules. Loading
 * the platform's modules once per worker instead of once per file takes several seconds of CPU
 * off each file (docs/BENCHMARKS.md, "The test suite's time"). The module state they share is
 * safe to share: the reference data is cached under a random version that a new database never
 * repeats, and the rest are constants loaded once (the common-password list, the decoy hash of
 * a sign-in, the database driver's parsers). No test file mocks a module, fakes timers, stubs a
 * global or sets env (checked by `test/support/test-isolation.test.ts`).
 */
const ALL_TESTS = ['src/**/*.test.ts', 'test/**/*.test.ts'];

/**
 * Files among those that measure the process's memory (a streamed export's heap, a workbook
 * bomb's RSS): in a worker shared with other files the heap also holds their garbage, and the
 * collector lets it grow further before it runs, so these run isolated.
 */
const MEMORY_MEASURING = ['src/io/official-list.test.ts', 'test/http/workbook-bomb.test.ts'];

/** What every project runs with; the root config's `globalSetup` runs once for all of them. */
const common = {
  // A bound against a hang, not a speed check (speed is measured under bench/): on a busy machine,
  // beside a second run of the suite, a test of a few seconds can take tens of them.
  testTimeout: 120_000,
  // expect.poll waits on a browser page or a server; 1 s (the default) is too tight under load,
  // and a page's answer to a click can take tens of seconds beside another test run.
  expect: { poll: { timeout: 30_000, interval: 100 } },
  hookTimeout: 120_000,
  // CI treats a skipped or focused test as a failure.
  allowOnly: false,
} satisfies TestProjectInlineConfiguration['test'];

export default defineConfig({
  test: {
    globalSetup: ['test/support/build-web.ts', 'test/support/build-server.ts', 'test/support/database-template.ts'],
    // Each test file opens its own database; PGlite's start-up dominates, so keep files parallel
    // but bounded to the machine's two cores.
    maxWorkers: 2,
    passWithNoTests: false,
    projects: [
      { test: { ...common, name: 'shared-modules', include: ALL_TESTS, exclude: MEMORY_MEASURING, isolate: false } },
      { test: { ...common, name: 'memory', include: MEMORY_MEASURING } },
    ],
  },
});
