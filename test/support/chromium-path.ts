/** The browser the tests launch: `CHROMIUM_PATH`, or Debian's. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
