/**
 * Limits on sign-in that slow guessing without locking the real user out (issue 11, ASVS 5
 * V6.3.1, the OWASP "device cookies" scheme):
 *
 * - per client address, across usernames: at most `IP_FAILURES` failed attempts in
 *   `IP_WINDOW_MINUTES` (spraying: a few passwords tried on many accounts from one address).
 *   An attempt counts from the moment it starts, so parallel requests cannot slip past the
 *   limit, and a successful one is given back: colleagues behind one government NAT address who
 *   sign in correctly use up nothing.
 * - per account: consecutive failures lock it (the policy's lockout, kept in the database).
 * - a browser that signed in to an account before carries a signed device cookie
 *   (device-cookie.ts): for that account it is exempt from both the address limit and the
 *   account's lockout, so an attacker's failures elsewhere cannot keep the real user out; its
 *   own failures count against the device, which after the lockout's number of failures is no
 *   longer trusted for the lockout's minutes.
 *
 * Kept in memory per server process, on the platform's clock.
 */

export const IP_FAILURES = 20;
export const IP_WINDOW_MINUTES = 10;
/** More addresses than this are forgotten oldest first: the maps cannot grow without bound. */
const MAX_TRACKED = 50_000;

interface AddressState {
  /** Instants (ms) of failed attempts within the window. */
  failures: number[];
  /** Attempts under way. */
  pending: number;
  /** When the last refusal was recorded in the security log, so a flood is recorded once per window. */
  refusalRecordedAt: number | null;
}

interface DeviceState {
  failures: number[];
}

const MINUTE_MS = 60_000;

export interface AddressAttempt {
  /** Ends the attempt: a failure counts against the address, a success gives its place back. */
  finish(outcome: 'success' | 'failure'): void;
}

export type AddressRefusal = { readonly refused: true; readonly retryAfterSeconds: number; readonly firstInWindow: boolean };

export class SignInGuard {
  private readonly addresses = new Map<string, AddressState>();
  private readonly devices = new Map<string, DeviceState>();

  constructor(private readonly clock: () => Date) {}

  private prune(failures: number[], windowMs: number, now: number): number[] {
    return failures.filter((at) => now - at < windowMs);
  }

  private remember<T>(map: Map<string, T>, key: string, value: T): T {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_TRACKED) map.delete(map.keys().next().value!);
    return value;
  }

  /**
   * Starts an attempt from `address`, or refuses it when the address used up its failures.
   * Synchronous: the check and the count happen in one step.
   */
  beginFromAddress(address: string): AddressAttempt | AddressRefusal {
    const now = this.clock().getTime();
    const windowMs = IP_WINDOW_MINUTES * MINUTE_MS;
    const state = this.remember(this.addresses, address, this.addresses.get(address) ?? { failures: [], pending: 0, refusalRecordedAt: null });
    state.failures = this.prune(state.failures, windowMs, now);
    if (state.failures.length + state.pending >= IP_FAILURES) {
      const oldest = state.failures[0] ?? now;
      const firstInWindow = state.refusalRecordedAt === null || now - state.refusalRecordedAt >= windowMs;
      if (firstInWindow) state.refusalRecordedAt = now;
      return { refused: true, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)), firstInWindow };
    }
    state.pending += 1;
    let finished = false;
    return {
      finish: (outcome) => {
        if (finished) return;
        finished = true;
        state.pending -= 1;
        if (outcome === 'failure') state.failures.push(this.clock().getTime());
      },
    };
  }

  /** Whether the device may still stand in for the account's lockout: fewer than `maxFailures` of its own lately. */
  deviceTrusted(deviceId: string, maxFailures: number, minutes: number): boolean {
    const state = this.devices.get(deviceId);
    if (state === undefined) return true;
    state.failures = this.prune(state.failures, minutes * MINUTE_MS, this.clock().getTime());
    return state.failures.length < maxFailures;
  }

  deviceFailed(deviceId: string): void {
    const state = this.remember(this.devices, deviceId, this.devices.get(deviceId) ?? { failures: [] });
    state.failures.push(this.clock().getTime());
  }

  deviceSucceeded(deviceId: string): void {
    this.devices.delete(deviceId);
  }
}
