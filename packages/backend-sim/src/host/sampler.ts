import type { Clock } from '@jails/core';
import type { JailId } from '@jails/core/backend';
import type { SimStateDocument } from '../store/state-file.js';
import type { SimStateStore } from '../store/state-store.js';
import { type HostMemberRef, hostRecords } from './driver-data.js';
import { sampleWithDryRun } from './dry-run.js';
import { releaseAll, type SignalSender, sendSignal, stopOverQuota } from './enforce.js';
import { defaultProcSource, type ProcSource } from './proc-source.js';
import { refreshHostState } from './refresh.js';

type SampleResult = HostSampleReport & { readonly reaped: readonly HostMemberRef[] };

/** Every how many background samples the whole process table and descriptors are read. */
const FULL_SCAN_EVERY = 5;

/** Options of {@link createHostSampler}. */
export interface HostSamplerOptions {
  /** The shared kernel state. */
  readonly store: SimStateStore;
  /** Where to read processes from. @default defaultProcSource({ keepOpen: true }) */
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
  readonly stopped: readonly (HostMemberRef & { readonly jailId: JailId })[];
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
  /**
   * Takes one sample now; it locks and writes the state only when something
   * changed. A `full` sample reads the whole process table (new descendants)
   * and members' descriptors; otherwise only known members are read. The
   * background loop takes a full sample every 5th time.
   * @param options.full @default true
   */
  tick(options?: { readonly full?: boolean }): Promise<HostSampleReport>;
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
  const source = options.source ?? defaultProcSource({ keepOpen: true });
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

  // start time of the oldest member that died in a members-only sample: its orphans are traced at the next full one
  let orphansSince: number | undefined;
  const sample = (doc: SimStateDocument, full: boolean, signals: SignalSender): SampleResult => {
    const atMs = now();
    const r = refreshHostState(doc, {
      source,
      nowMs: atMs,
      send: signals,
      scan: full ? 'full' : 'members-only',
      sampleFds: full,
      orphansSinceTicks: full ? orphansSince : undefined,
    });
    const stopped = stopOverQuota(doc, r.table, inScope, signals).map((ref) => ({
      ...ref,
      jailId: r.kernel.process(ref.pid)?.jid ?? 0,
    }));
    const members = hostRecords(doc.kernel).length;
    const reaped = full ? [] : r.membership.reaped;
    return { atMs, members, wentOverQuota: r.wentOverQuota, stopped, continued: r.continued, reaped };
  };
  const tick = async (tickOptions: { readonly full?: boolean } = {}) => {
    const full = tickOptions.full ?? true;
    const { result } = await sampleWithDryRun(store, (doc, signals) => sample(doc, full, signals), { send });
    for (const { jailId, ...ref } of result.stopped) stoppedByMe.set(ref.pid, { ref, jid: jailId });
    for (const ref of result.continued) stoppedByMe.delete(ref.pid);
    if (full) orphansSince = undefined;
    for (const ref of result.reaped)
      orphansSince = Math.min(orphansSince ?? ref.startTimeTicks, ref.startTimeTicks);
    const { reaped: _, ...report } = result;
    return report;
  };
  let ticks = 0;
  const loop = () => {
    ticks += 1;
    current = tick({ full: ticks % FULL_SCAN_EVERY === 1 })
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
        source.release?.();
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
