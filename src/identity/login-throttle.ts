/**
 * Brute-force throttling of password logins, per (username, client IP). States of one key:
 *
 *   open     fewer than `freeFailures` failures in the window: attempts are checked
 *   locked   `freeFailures` or more: attempts are refused unchecked until `lockedUntil`;
 *            each further failure after a lock doubles the lock (capped at `maxLockMs`)
 *   (gone)   a success, or `windowMs` without failures, forgets the key
 *
 * State is per process: replicas each throttle on their own, so the effective limit is freeFailures ×
 * replicas per window. Keys are bounded (oldest dropped first) so a spray of names cannot grow memory.
 */
export interface ThrottlePolicy {
  freeFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
  maxKeys: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  freeFailures: 5, windowMs: 15 * 60_000, baseLockMs: 60_000, maxLockMs: 60 * 60_000, maxKeys: 10_000,
};

interface Failures { count: number; lastAt: number; lockedUntil: number }

export class LoginThrottle {
  readonly #policy: ThrottlePolicy;
  readonly #now: () => number;
  readonly #failures = new Map<string, Failures>();

  constructor(policy: Partial<ThrottlePolicy> = {}, now: () => number = Date.now) {
    this.#policy = { ...DEFAULT_THROTTLE_POLICY, ...policy };
    this.#now = now;
  }

  /** Milliseconds until `username` may try again from `ip`; 0 when it may try now. */
  retryAfterMs(username: string, ip: string): number {
    const entry = this.#live(key(username, ip));
    return entry ? Math.max(0, entry.lockedUntil - this.#now()) : 0;
  }

  recordFailure(username: string, ip: string): void {
    const k = key(username, ip);
    const now = this.#now();
    const entry = this.#live(k) ?? { count: 0, lastAt: now, lockedUntil: 0 };
    entry.count += 1;
    entry.lastAt = now;
    const { freeFailures, baseLockMs, maxLockMs, maxKeys } = this.#policy;
    if (entry.count >= freeFailures) {
      entry.lockedUntil = now + Math.min(maxLockMs, baseLockMs * 2 ** Math.min(20, entry.count - freeFailures));
    }
    this.#failures.delete(k);
    this.#failures.set(k, entry);
    if (this.#failures.size > maxKeys) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
  }

  recordSuccess(username: string, ip: string): void {
    this.#failures.delete(key(username, ip));
  }

  #live(k: string): Failures | undefined {
    const entry = this.#failures.get(k);
    if (entry && this.#now() - entry.lastAt > this.#policy.windowMs && this.#now() >= entry.lockedUntil) {
      this.#failures.delete(k);
      return undefined;
    }
    return entry;
  }
}

function key(username: string, ip: string): string {
  return `${username.toLowerCase()}\n${ip}`;
}
