/**
 * The clock of the tests that run the whole platform (the browser app, the `chengxin` command):
 * it starts at a fixed instant and runs on in real time, so that what they check never depends
 * on the day the suite runs.
 */

/**
 * "Now" of the demo city in the tests: a Thursday of ISO week 48 of 2026, office hours in
 * Hanjiang. The demo's script runs from January 2026 up to the day before, so the demo is laid
 * out as written (no weeks moved back); its dispatch rounds are weeks 47 and 48.
 */
export const DEMO_NOW = '2026-11-26T10:00:00+08:00';

/** A clock that reads `start` at the instant it is made and runs on from there in real time. */
export interface RunningClock {
  (): Date;
  /** `start` minus the real time at which the clock read it, in milliseconds. */
  readonly offsetMs: number;
}

export const runningClock = (start: string | Date = DEMO_NOW): RunningClock => {
  const offsetMs = new Date(start).getTime() - Date.now();
  if (Number.isNaN(offsetMs)) throw new Error(`invalid clock start: ${String(start)}`);
  return Object.assign(() => new Date(Date.now() + offsetMs), { offsetMs });
};

/**
 * A running clock that a test sets to another instant, from which it runs on: a browser test
 * that lets a day pass (the statutory due date behind, then overdue).
 */
export interface SettableClock extends RunningClock {
  set(instant: string | Date): void;
}

export const settableClock = (start: string | Date = DEMO_NOW): SettableClock => {
  const offsetOf = (instant: string | Date) => {
    const offsetMs = new Date(instant).getTime() - Date.now();
    if (Number.isNaN(offsetMs)) throw new Error(`invalid clock instant: ${String(instant)}`);
    return offsetMs;
  };
  let offsetMs = offsetOf(start);
  const clock = () => new Date(Date.now() + offsetMs);
  return Object.defineProperties(clock, {
    offsetMs: { get: () => offsetMs },
    set: { value: (instant: string | Date) => void (offsetMs = offsetOf(instant)) },
  }) as SettableClock;
};
