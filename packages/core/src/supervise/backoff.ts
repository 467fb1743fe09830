/** The restart delays of a supervisor. Every field is in milliseconds. */
export interface BackoffPolicy {
  /** The first delay, and the delay after a long run. @default 1000 */
  readonly initialMs: number;
  /** The longest delay. @default 10000 */
  readonly maxMs: number;
  /** A run at least this long counts as healthy and resets the delay. @default 30000 */
  readonly resetAfterRunMs: number;
}

/** Upstream's policy: 1, 2, 4, 8, 10, 10, … s, back to 1 s after a run of ≥ 30 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1000, maxMs: 10_000, resetAfterRunMs: 30_000 };

/** One decision of {@link backoffStep}. */
export interface BackoffStep {
  /** How long to wait before the next run. */
  readonly delayMs: number;
  /** The backoff to carry into the step after the next run. */
  readonly nextMs: number;
}

/**
 * Upstream's restart rule, after a run of `runMs`: a run of at least
 * `resetAfterRunMs` resets the backoff to `initialMs`; the supervisor then waits
 * the current backoff; only after a short run does the backoff double (capped
 * at `maxMs`). A crash loop therefore waits 1, 2, 4, 8, 10, 10, … s.
 * @param currentMs the backoff carried from the previous step (start with `policy.initialMs`)
 */
export function backoffStep(
  currentMs: number,
  runMs: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): BackoffStep {
  if (runMs >= policy.resetAfterRunMs) return { delayMs: policy.initialMs, nextMs: policy.initialMs };
  return { delayMs: currentMs, nextMs: Math.min(currentMs * 2, policy.maxMs) };
}
