import type { Clock } from '@jails/core';
import type { JailId } from '@jails/core/backend';
import type { SimStateStore } from '../store/state-store.js';
import { type HostMemberRef, hostRecords } from './driver-data.js';
import { releaseAll, type SignalSender, sendSignal, stopOverQuota } from './enforce.js';
import { defaultProcSource, type ProcSource } from './proc-source.js';
import { refreshHostState } from './refresh.js';

/** Options of {@link createHostSampler}. */
export interface HostSamplerOptions {
  /** The shared kernel state. */
  readonly store: SimStateStore;
  /** Where to read processes from. @default defaultProcSource() */
  readonly source?: ProcSource;
  /** Time of each sample (CPU windows are in its seconds). @default systemClock */
  readonly clock?: Clock;
  /** Time between samples; the kernel's callout runs at 1 Hz. @default 1000 */
  readonly intervalMs?: number;
  /**
   * Whose CPU quota this sampler enforces by stopping members: `owned` = the
   * jails passed to {@link HostSampler.own}, `all` = every jail (a host-wide
   * daemon), `none` = account only.
   * @default 'owned'
   */
  readonly enforce?: 'owned' | 'all' | 'none';
  /** Delivers signals. @default process.kill */
  readonly send?: SignalSender;
  /** Called with errors of background samples (the loop keeps going). @default ignore */
  readonly onError?: (error: unknown) => void;
}

/** What one sample did. */
export interface HostSampleReport {
  /** Clock time of the sample in ms. */
  readonly atMs: number;
  /** Member processes alive after the sample. */
  readonly members: number;
  /** Jails that went over their CPU quota at this sample. */
  readonly wentOverQuota: readonly JailId[];
  /** Members stopped (SIGSTOP) because their jail is over quota. */
  readonly stopped: readonly HostMemberRef[];
  /** Members continued (SIGCONT) because their jail's window rolled over. */
  readonly continued: readonly HostMemberRef[];
}

/**
 * The host driver's 1 Hz callout: samples members from the OS into the shared
 * state and enforces CPU quotas by stopping and continuing members. It must
 * run in a long-lived process — the one that owns the workload (the SDK's
 * `spawnInJail` caller, e.g. a supervisor) or a host-wide daemon — because the
 * CLIs are one-shot processes.
 */
export interface HostSampler {
  /** Takes one sample now (under the state lock). */
  tick(): Promise<HostSampleReport>;
  /** Starts sampling every `intervalMs` in the background (the timer does not keep the process alive). */
  start(): void;
  /** Stops sampling and continues the members of every jail in which this sampler stopped some. Idempotent. */
  stop(): Promise<void>;
  /** Adds jail `id` to the jails this sampler enforces (counted; call {@link HostSampler.disown} as often). */
  own(id: JailId): void;
  /** Undoes one {@link HostSampler.own}. */
  disown(id: JailId): void;
  /** Whether the background loop runs. */
  readonly running: boolean;
}

/**
 * Creates a sampler over the shared state.
 * @example
 * const sampler = createHostSampler({ store, enforce: 'all' });
 * sampler.start(); // a host-wide enforcer
 */
export function createHostSampler(options: HostSamplerOptions): HostSampler {
  const { store } = options;
  const source = options.source ?? defaultProcSource();
  const now = options.clock ? () => options.clock!.now() : () => Date.now();
  const send = options.send ?? sendSignal;
  const intervalMs = options.intervalMs ?? 1000;
  const owned = new Map<JailId, number>();
  const stoppedByMe = new Map<number, { ref: HostMemberRef; jid: JailId }>();
  const inScope = (id: JailId) => options.enforce === 'all' || (options.enforce !== 'none' && owned.has(id));
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();
  // a sampler that dies must not leave members stopped with nobody to continue them
  const onExit = () => {
    for (const { ref } of stoppedByMe.values()) send(ref.pid, 'SIGCONT');
  };

  const tick = () =>
    store.update((doc): HostSampleReport => {
      const atMs = now();
      const r = refreshHostState(doc, { source, nowMs: atMs, send });
      const stopped = stopOverQuota(doc, r.table, inScope, send);
      for (const ref of stopped) {
        const jid = doc.kernel.processes.find((p) => p.pid === ref.pid)?.jid ?? 0;
        stoppedByMe.set(ref.pid, { ref, jid });
      }
      for (const ref of r.continued) stoppedByMe.delete(ref.pid);
      const members = hostRecords(doc.kernel).length;
      return { atMs, members, wentOverQuota: r.wentOverQuota, stopped, continued: r.continued };
    });
  const loop = () => {
    current = tick()
      .catch((e) => options.onError?.(e))
      .finally(() => {
        if (running) timer = setTimeout(loop, intervalMs).unref();
      });
  };

  return {
    tick,
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      process.on('exit', onExit);
      timer = setTimeout(loop, intervalMs).unref();
    },
    async stop() {
      if (running) {
        running = false;
        clearTimeout(timer);
        await current;
        process.off('exit', onExit);
      }
      if (stoppedByMe.size === 0) return;
      const mine = new Set([...stoppedByMe.values()].map((s) => s.jid));
      try {
        await store.update((doc) => releaseAll(doc, source.snapshot(), (id) => mine.has(id), send));
      } catch {
        onExit(); // the state is unreachable: continue our own stops directly
      }
      stoppedByMe.clear();
    },
    own(id) {
      owned.set(id, (owned.get(id) ?? 0) + 1);
    },
    disown(id) {
      const n = (owned.get(id) ?? 0) - 1;
      if (n > 0) owned.set(id, n);
      else owned.delete(id);
    },
  };
}
