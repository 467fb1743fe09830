import { JailError } from '@jails/core/backend';
import { type SimStateDocument, serializeSimState } from '../store/state-file.js';
import type { SimStateStore } from '../store/state-store.js';
import type { SignalSender } from './enforce.js';

/** A sampling step: reads the host, updates `doc`, sends signals through `send`. */
export type SampleStep<T> = (doc: SimStateDocument, send: SignalSender) => T;

/** Options of {@link sampleWithDryRun}. */
export interface DryRunOptions {
  /** The real signal sender, used once the step's result is committed. */
  readonly send: SignalSender;
  /** On a prefix that cannot be written, answer with the uncommitted result instead of failing. @default false */
  readonly readOnlyFallback?: boolean;
}

/** Options of {@link sampleWithDryRun} that depend on the step's result. */
export interface DryRunResultOptions<T> extends DryRunOptions {
  /** True when the step's result proves it changed nothing, sparing the comparison. */
  readonly unchanged?: (result: T) => boolean;
}

/**
 * Runs `step` on an unlocked read with its signals held back. Most samples
 * change nothing (idle members), and then that is the answer: no lock, no
 * write, no signal. Otherwise the change is committed under the lock: the dry
 * result itself when nobody wrote the state meanwhile (its held signals are
 * then delivered), else `step` again on the fresh state. Either way the host
 * is read once in the common case.
 * @throws whatever the store throws (`BACKEND_UNAVAILABLE` only without `readOnlyFallback`)
 * @internal
 */
export async function sampleWithDryRun<T>(
  store: SimStateStore,
  step: SampleStep<T>,
  options: DryRunResultOptions<T>,
): Promise<{ readonly doc: SimStateDocument; readonly result: T }> {
  const { doc: dry, text } = store.readWithText();
  // the file is written in canonical form, so its text stands for the parsed state
  const before = text ?? serializeSimState(dry);
  const held: [number, NodeJS.Signals][] = [];
  const result = step(dry, (pid, signal) => held.push([pid, signal]) > 0);
  if (options.unchanged?.(result) || serializeSimState(dry) === before) return { doc: dry, result };
  try {
    return await store.update((doc) => {
      if (serializeSimState(doc) !== before) return { doc, result: step(doc, options.send) };
      doc.kernel = dry.kernel;
      doc.driver = dry.driver;
      for (const [pid, signal] of held) options.send(pid, signal);
      return { doc, result };
    });
  } catch (e) {
    if (options.readOnlyFallback && JailError.is(e) && e.code === 'BACKEND_UNAVAILABLE')
      return { doc: dry, result };
    throw e;
  }
}
