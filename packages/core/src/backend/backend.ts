import type { Readable, Writable } from 'node:stream';
import type { JailInfo } from '../jails/jail-info.js';
import type { JailCreateRequest, JailId } from '../jails/jail-spec.js';
import type { BackendSyscalls } from './syscalls.js';

/** The SPI version this package defines. A backend declares it as a literal. */
export const SPEC_VERSION = 1;

/**
 * What a backend can do, declared as data. Core and the conformance suite
 * check these before calling; nothing is discovered by trial and error.
 */
export interface BackendCapabilities {
  /**
   * Who decides policy (visibility, signals, system operations, reserved-port
   * binds): a real `kernel`, a `simulated` kernel, or `none` (storage only,
   * like the NetBSD helper's fake kernel layer).
   */
  readonly policy: 'kernel' | 'simulated' | 'none';
  /** What {@link Backend.spawnInJail} starts: `real` OS processes or `virtual` process records. */
  readonly processes: 'real' | 'virtual';
  /**
   * Whether the kernel's per-jail accounting (usage, deny and throttle
   * counters) is maintained: by a `kernel`, `simulated` exactly, `sampled`
   * from the host OS, or `none`.
   */
  readonly accounting: 'kernel' | 'simulated' | 'sampled' | 'none';
  /** Whether {@link BackendTestHooks.setNextJailId} is available (to test id wrap-around). */
  readonly injectableIdCounter: boolean;
  /**
   * Whether {@link Backend.syscalls} is present: actions can be run as
   * processes with chosen credentials (policy and accounting checks).
   * @default false
   */
  readonly syscalls?: boolean;
  /**
   * Whether {@link BackendTestHooks.advanceClockMs} is available: the
   * backend's time (its 1 Hz accounting callout) moves only when told to.
   * @default false
   */
  readonly injectableClock?: boolean;
}

/** What {@link Backend.probe} reports. */
export interface BackendProbe {
  /** The backend's name. */
  readonly backend: string;
  /** Whether jails can be managed right now (module loaded, state readable). */
  readonly available: boolean;
  /** Whether the caller counts as host root (euid 0, jid 0) for this backend. */
  readonly hostRoot: boolean;
  /** Protocol version of the backend's transport (helper protocol, state format). */
  readonly protocolVersion: number;
  /** Why the backend is unavailable, or other notes for the operator. */
  readonly detail?: string;
}

/** How one standard stream of a spawned process is connected. */
export type StdioMode = 'inherit' | 'pipe' | 'ignore';

/** Options for {@link Backend.spawnInJail}. */
export interface SpawnOptions {
  /** Environment of the new process. @default the caller's environment */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** stdin, stdout, stderr. @default 'pipe' for all three */
  readonly stdio?: StdioMode | readonly [StdioMode, StdioMode, StdioMode];
  /** Start the process in its own session and process group (setsid). @default false */
  readonly newSession?: boolean;
}

/** How a process ended: exactly one of `code` and `signal` is non-null. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A process started inside a jail. */
export interface JailProcess {
  /** Process id (host pid for real processes, simulated pid for virtual ones). */
  readonly pid: number;
  /** The jail the process runs in. */
  readonly jailId: JailId;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Settles when the process has exited and been reaped. Never rejects. */
  readonly exited: Promise<ProcessExit>;
  /**
   * Sends a signal to the process (or, with `group`, to its process group).
   * @returns whether the signal was delivered
   */
  kill(signal?: NodeJS.Signals | number, options?: { group?: boolean }): boolean;
}

/** Per-call context the client facade passes to a backend. */
export interface CallContext {
  /** Aborts the call. */
  readonly signal?: AbortSignal;
}

/**
 * What a backend implements. It mirrors the kernel ABI
 * (`security.models.jail.*`) and nothing more; validation, retries, target
 * resolution and events live in the client facade.
 *
 * Errors are {@link JailError}s: kernel refusals carry their errno
 * (`EEXIST`, `EBUSY`, `ENOENT`, `EINVAL`, `EPERM`, `EOVERFLOW`), other
 * failures are `BackendError`s.
 */
export interface Backend {
  /** The SPI version implemented. */
  readonly specVersion: typeof SPEC_VERSION;
  /** Short name: `sim`, `netbsd`, or a third party's. */
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** Reports availability; never throws for an absent module, says so instead. */
  probe(ctx?: CallContext): Promise<BackendProbe>;
  /** Writes `security.models.jail.create`. Returns the new jail as `list` would show it. */
  createJail(request: JailCreateRequest, ctx?: CallContext): Promise<JailInfo>;
  /** Writes `security.models.jail.destroy`. EBUSY while live or zombie members exist. */
  destroyJail(id: JailId, ctx?: CallContext): Promise<void>;
  /** Reads `security.models.jail.list`: every jail, newest first. */
  listJails(ctx?: CallContext): Promise<readonly JailInfo[]>;
  /** Starts `argv` inside jail `id`: chdir(root), chroot, enter, execvp. */
  spawnInJail(
    id: JailId,
    argv: readonly string[],
    options?: SpawnOptions,
    ctx?: CallContext,
  ): Promise<JailProcess>;
  /** Actions as processes with chosen credentials; present exactly when `capabilities.syscalls`. */
  readonly syscalls?: BackendSyscalls;
  /** Hooks for tests, present only where the matching capability is declared. */
  readonly testHooks?: BackendTestHooks;
  /** Releases the backend's resources. Idempotent. */
  dispose(): Promise<void>;
}

/** Test-only controls a backend may expose, each gated by a capability. */
export interface BackendTestHooks {
  /** Sets the id counter (capability `injectableIdCounter`); 0 means wrapped. */
  setNextJailId?(next: number): void;
  /**
   * Moves the backend's clock forward by `ms` milliseconds, running the
   * kernel's 1 Hz callout for every second that passes (capability `injectableClock`).
   */
  advanceClockMs?(ms: number): Promise<void>;
}
