import type { Readable } from 'node:stream';
import type { JailProcess } from '../backend/backend.js';
import type { Clock } from '../clock/clock.js';

/** A workload run as {@link terminateRun} needs it. @internal */
export interface TerminableRun {
  readonly child: Pick<JailProcess, 'kill'>;
  readonly streams: readonly Readable[];
  /** Settles when both output streams closed and the process was reaped. */
  readonly ended: Promise<unknown>;
}

/** Waits for `ended` or `ms` on `clock`, whichever is first. @returns whether `ended` won */
async function endedWithin(ended: Promise<unknown>, clock: Clock, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const won = await Promise.race([
    ended.then(() => true),
    clock.sleep(ms, timer.signal).then(
      () => false,
      () => false,
    ),
  ]);
  timer.abort();
  return won;
}

/**
 * Upstream's shutdown of a run: SIGTERM to the workload's process group,
 * `graceMs` for it to end, then SIGKILL to the group. Should the pipes still
 * be open another `graceMs` later (a process that left the group holds them),
 * they are closed on our side so that shutdown always completes.
 * @internal
 */
export async function terminateRun(
  run: TerminableRun,
  options: { clock: Clock; graceMs: number },
): Promise<void> {
  run.child.kill('SIGTERM', { group: true });
  if (await endedWithin(run.ended, options.clock, options.graceMs)) return;
  run.child.kill('SIGKILL', { group: true });
  if (await endedWithin(run.ended, options.clock, options.graceMs)) return;
  for (const stream of run.streams) stream.destroy();
}
