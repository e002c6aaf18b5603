// @ts-check
/**
 * Preloaded (`node --import`) into the `chengxin` processes the tests start (test/support/cli.ts).
 * The command's use cases take "now" from `new Date()` (src/cli/database.ts); with
 * CHENGXIN_TEST_CLOCK_OFFSET_MS set, this process's clock runs that many milliseconds off the
 * real one — the test's running clock, as under faketime. Plain JavaScript: it runs before
 * the command loads (the compiled server, or the sources through tsx).
 */
const offset = Number(process.env.CHENGXIN_TEST_CLOCK_OFFSET_MS ?? '0');
if (!Number.isFinite(offset)) throw new Error(`CHENGXIN_TEST_CLOCK_OFFSET_MS is not a number: ${process.env.CHENGXIN_TEST_CLOCK_OFFSET_MS}`);

if (offset !== 0) {
  const RealDate = Date;
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    // `new Date()` is now; `new Date(value)` is that value, as ever.
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    // `Date()` without `new` is now, as a string.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
