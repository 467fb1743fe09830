import type { BackendCapabilities } from '../backend/backend.js';
import type { ErrnoName } from '../errors/errno.js';
import type { ConformanceContext } from './context.js';

/**
 * One rule of the backend contract, runnable against any backend. The suite
 * is a list of these; {@link describeBackendConformance} registers each as a
 * vitest test, gated by {@link ConformanceCheck.requires}.
 */
export interface ConformanceCheck {
  /** Short statement of the rule, used as the test title. */
  readonly name: string;
  /** Where the rule comes from, e.g. `upstream-facts 2.5 step 8`. */
  readonly source: string;
  /** Which backends the rule applies to, judged from declared capabilities only. @default all */
  readonly requires?: (capabilities: BackendCapabilities) => boolean;
  /** Runs the rule; throws (an assertion error) when the backend breaks it. */
  run(ctx: ConformanceContext): Promise<void>;
}

/** What a table row expects a caller to see: success, or the errno. */
export type ExpectedOutcome = 'ok' | ErrnoName;
