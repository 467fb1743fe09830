import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Clock } from '@jails/core';
import {
  type Backend,
  type BackendCapabilities,
  BackendError,
  errnoError,
  isErrnoName,
  type JailError,
  type JailId,
  type JailInfo,
  type JailProcess,
} from '@jails/core/backend';
import { hostJailData, hostRecords } from './host/driver-data.js';
import { sampleWithDryRun } from './host/dry-run.js';
import { type SignalSender, sendSignal } from './host/enforce.js';
import { recordHostMember, refreshMembership } from './host/membership.js';
import { HOST_SIM_NOTICE } from './host/notice.js';
import { defaultProcSource, type ProcSource } from './host/proc-source.js';
import { type RefreshResult, refreshHostState } from './host/refresh.js';
import { createHostSampler, type HostSampler } from './host/sampler.js';
import { startHostProcess, toJailProcess } from './host/spawn.js';
import { findViolations, type HostViolation } from './host/violations.js';
import { SimKernel } from './sim-kernel.js';
import { HOST_ROOT } from './state.js';
import { SIM_STATE_FORMAT_VERSION, type SimStateDocument } from './store/state-file.js';
import { createSimStateStore, type SimStateRecovery, type SimStateStore } from './store/state-store.js';

/** What the simulated backend declares with the host process driver. */
export const HOST_SIM_CAPABILITIES: BackendCapabilities = Object.freeze({
  policy: 'simulated',
  processes: 'real',
  accounting: 'sampled',
  injectableIdCounter: true,
});

/** Options of {@link createHostSimBackend}. */
export interface HostSimBackendOptions {
  /** State prefix shared by every process using it. @default simPrefixFromEnv() (`JAILS_PREFIX` or a per-user directory) */
  readonly prefix?: string;
  /** The state store; overrides `prefix` and `staleLockMs`. */
  readonly store?: SimStateStore;
  /** Age after which a lock left by a killed process is taken over. @default 10_000 */
  readonly staleLockMs?: number;
  /** Time of samples (CPU windows count its seconds). @default the system clock */
  readonly clock?: Clock;
  /** Where processes are read from. @default defaultProcSource() (procfs on Linux, else ps) */
  readonly source?: ProcSource;
  /** Sampling interval of the CPU enforcer. @default 1000 */
  readonly sampleIntervalMs?: number;
  /**
   * Enforce CPU quotas of jails this backend spawned into, by sampling in this
   * process while its children live (see {@link HostSampler}).
   * @default true
   */
  readonly enforceCpu?: boolean;
}

/** A member process as {@link HostSimBackend.observe} reports it. */
export interface HostMemberView {
  readonly pid: number;
  readonly jailId: JailId;
  readonly state: 'live' | 'zombie';
  readonly cpuTicks: number;
  readonly vsizeBytes: number;
  /** Open descriptors; undefined when the OS could not tell. */
  readonly fds: number | undefined;
}

/** Everything the host driver knows right now. */
export interface HostObservation {
  readonly jails: readonly JailInfo[];
  readonly members: readonly HostMemberView[];
  /** Limits the host could not enforce that members are exceeding now. */
  readonly violations: readonly HostViolation[];
}

/** The simulated backend over persistent state, running workloads as real host processes. */
export interface HostSimBackend extends Backend {
  /** The shared state file. */
  readonly store: SimStateStore;
  /** The CPU enforcer of this process (runs while its CPU-limited children live). */
  readonly sampler: HostSampler;
  /** {@link HOST_SIM_NOTICE}: what this backend does not isolate. */
  readonly notice: string;
  /** Lists jails (refreshed from the OS) with members and observed violations. */
  observe(): Promise<HostObservation>;
  /** {@link SimStateStore.recover}: moves an unreadable state file aside. */
  recover(options?: { readonly force?: boolean }): Promise<SimStateRecovery>;
}

/**
 * Creates the simulated backend the CLIs use off NetBSD: the kernel state
 * lives in one file under the prefix (shared by every process), and
 * `spawnInJail` starts real processes whose membership, usage and limits the
 * driver tracks from the OS. What is enforced and what is only observed:
 * {@link HOST_SIM_NOTICE}.
 * @example
 * const backend = createHostSimBackend({ prefix: '/tmp/jails' });
 * const web = await backend.createJail({ name: 'web', root: '/tmp/jails/web' });
 */
export function createHostSimBackend(options: HostSimBackendOptions = {}): HostSimBackend {
  const store =
    options.store ?? createSimStateStore({ prefix: options.prefix, staleLockMs: options.staleLockMs });
  const source = options.source ?? defaultProcSource();
  const now = options.clock ? () => options.clock!.now() : () => Date.now();
  const sampler = createHostSampler({
    store,
    source: options.source,
    clock: options.clock,
    intervalMs: options.sampleIntervalMs,
    enforce: 'owned',
  });
  const enforced = new Set<ChildProcess>();
  const kernelOf = (doc: SimStateDocument) => new SimKernel({ state: doc.kernel });

  /** Refreshes from the OS; locks and writes only when that changed the state. */
  const refreshed = async (): Promise<SimStateDocument> => {
    const step = (doc: SimStateDocument, send: SignalSender) =>
      refreshHostState(doc, { source, nowMs: now(), send });
    // a read-only prefix still shows live numbers; they just are not persisted
    const options = { send: sendSignal, readOnlyFallback: true, unchanged: (r: RefreshResult) => r.idle };
    return (await sampleWithDryRun(store, step, options)).doc;
  };

  // the sampler runs while this process has CPU-limited children to enforce
  const adopt = (child: ChildProcess, id: JailId, limited: boolean) => {
    const gone = child.exitCode !== null || child.signalCode !== null;
    if (!limited || options.enforceCpu === false || gone) return;
    enforced.add(child);
    sampler.own(id);
    sampler.start();
    child.once('exit', () => {
      enforced.delete(child);
      sampler.disown(id);
      if (enforced.size === 0) void sampler.stop();
    });
  };

  return {
    specVersion: 1,
    name: 'sim',
    capabilities: HOST_SIM_CAPABILITIES,
    store,
    sampler,
    notice: HOST_SIM_NOTICE,
    async probe() {
      let problem = store.writableProblem();
      try {
        store.read();
      } catch (e) {
        problem = (e as Error).message;
      }
      return {
        backend: 'sim',
        available: problem === undefined,
        hostRoot: true,
        protocolVersion: SIM_STATE_FORMAT_VERSION,
        detail: problem ?? HOST_SIM_NOTICE,
      };
    },
    createJail: (request) => store.update((doc) => kernelOf(doc).create(HOST_ROOT, request)),
    destroyJail: (id) =>
      store.update((doc) => {
        refreshHostState(doc, { source, nowMs: now(), send: sendSignal }).kernel.destroy(HOST_ROOT, id);
      }),
    listJails: async () => kernelOf(await refreshed()).list(HOST_ROOT),
    async spawnInJail(id, argv, spawnOptions = {}) {
      let child: ChildProcess | undefined;
      let jailProcess: JailProcess | undefined;
      let limited = false;
      try {
        await store.update(async (doc) => {
          const nowMs = now();
          const refresh = { source, nowMs, send: sendSignal, scan: 'members', sampleFds: false } as const;
          const { kernel } = refreshHostState(doc, refresh);
          const entry = kernel.jail(id);
          if (!entry) throw errnoError('ENOENT', { operation: 'enter', detail: `jail ${id} does not exist` });
          limited = entry.limits.cpuQuotaTicks !== 0 && entry.limits.cpuPeriodMicros !== 0;
          child = startHostProcess({ ...entry, instanceId: doc.instanceId }, argv, spawnOptions);
          if (child.pid === undefined) throw spawnError((await once(child, 'error'))[0], argv[0]);
          // listen for the exit now: a short-lived child may be gone before the state is written
          jailProcess = toJailProcess(child, id, spawnOptions.newSession ?? false);
          const proc = source.process(child.pid);
          if (proc) {
            recordHostMember(kernel, {
              jid: id,
              pid: proc.pid,
              ppid: 1,
              startTimeTicks: proc.startTimeTicks,
              argv,
            });
            // the refresh above accounted everything up to now; this member starts the next interval
            if (limited) hostJailData(doc, id).lastSampleMs = nowMs;
          } else {
            // it exited already: anything it forked carries our markers
            refreshMembership(kernel, source.snapshot(), {
              source,
              instanceId: doc.instanceId,
              orphansSinceTicks: 0,
            });
          }
        });
      } catch (e) {
        child?.kill('SIGKILL');
        throw e;
      }
      adopt(child!, id, limited);
      return jailProcess!;
    },
    async observe() {
      const doc = await refreshed();
      const table = source.snapshot();
      const members = hostRecords(doc.kernel).map((r): HostMemberView => {
        const p = table.get(r.pid);
        return {
          pid: r.pid,
          jailId: r.jid,
          state: r.state,
          cpuTicks: p?.cpuTicks ?? 0,
          vsizeBytes: p?.vsizeBytes ?? 0,
          fds: source.fdCount(r.pid),
        };
      });
      return {
        jails: kernelOf(doc).list(HOST_ROOT),
        members,
        violations: findViolations(doc.kernel, source),
      };
    },
    recover: (recoverOptions) => store.recover(recoverOptions),
    testHooks: {
      setNextJailId: (next) => store.updateSync((doc) => kernelOf(doc).setNextJailId(next)),
    },
    async dispose() {
      await sampler.stop();
    },
  };
}

function spawnError(e: unknown, command: string | undefined): JailError {
  const code = (e as NodeJS.ErrnoException).code;
  if (isErrnoName(code))
    return errnoError(code, { operation: 'exec', detail: `${command}: ${(e as Error).message}`, cause: e });
  return new BackendError({
    backend: 'sim',
    operation: 'exec',
    message: `cannot start ${command}: ${(e as Error).message}`,
    cause: e,
  });
}
