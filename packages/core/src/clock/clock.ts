/**
 * The time source every time-dependent part of the SDK takes as an option
 * (supervisor backoff, the simulated kernel's 1 Hz callout, event stamps), so
 * that tests control time instead of waiting for it.
 */
export interface Clock {
  /** Milliseconds since the epoch (or since the fake clock's start). */
  now(): number;
  /**
   * Resolves after `ms` milliseconds of this clock's time.
   * @throws the signal's reason when `signal` aborts first
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock that only moves when told to. */
export interface FakeClock extends Clock {
  /** Moves time forward, waking sleepers whose deadline has passed, in deadline order. */
  advance(ms: number): Promise<void>;
  /** Moves time forward to `ms` (no-op if in the past). */
  advanceTo(ms: number): Promise<void>;
  /** Deadlines of the pending sleeps, earliest first. */
  pendingSleeps(): number[];
  /** Advances straight to the next pending sleep's deadline, if any. @returns whether one was woken */
  runNext(): Promise<boolean>;
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Creates a deterministic clock for tests.
 * @param startMs the initial value of `now()` @default 0
 * @example
 * const clock = createFakeClock();
 * const slept = clock.sleep(1000);
 * await clock.advance(1000); // `slept` resolves now
 */
export function createFakeClock(startMs = 0): FakeClock {
  let now = startMs;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  const wake = async (until: number) => {
    for (;;) {
      sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = sleepers[0];
      if (!next || next.at > until) break;
      sleepers.shift();
      now = Math.max(now, next.at);
      next.resolve();
      // let the woken task run (and perhaps schedule another sleep) before going on
      await tick();
    }
    now = Math.max(now, until);
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper: Sleeper = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    advance: (ms) => wake(now + ms),
    advanceTo: (ms) => wake(ms),
    pendingSleeps: () => sleepers.map((s) => s.at).sort((a, b) => a - b),
    async runNext() {
      const at = this.pendingSleeps()[0];
      if (at === undefined) return false;
      await wake(at);
      return true;
    },
  };
}
