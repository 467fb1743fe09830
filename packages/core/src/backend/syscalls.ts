/**
 * The optional "syscalls" part of the backend SPI: run actions as a process
 * with a given credential and report what the kernel answered. The
 * conformance suite uses it to check policy and accounting the way a jailed
 * program experiences them. The simulated backend answers from its model; a
 * NetBSD backend can implement it with a helper that forks an actor process,
 * enters the jail, drops to the uid, and performs each action on request.
 */
import type { ErrnoName } from '../errors/errno.js';
import type { JailInfo } from '../jails/jail-info.js';
import type { JailCreateRequest, JailId } from '../jails/jail-spec.js';
import type { CallContext, JailProcess } from './backend.js';

/** The credential an actor runs with: real and effective uid `uid`, jail `jid` (0 = host). */
export interface ActorCred {
  readonly uid: number;
  readonly jid: JailId;
}

/** kauth `KAUTH_SYSTEM_*` actions, spelled in lower case (upstream-facts 3.3). */
export const SYSTEM_ACTIONS = [
  'sysctl',
  'mount',
  'module',
  'mknod',
  'filehandle',
  'chroot',
  'reboot',
  'swapctl',
  'accounting',
  'cpu',
  'pset',
  'time',
  'semaphore',
  'mqueue',
  'devmapper',
  'intr',
  'kernaddr',
  'sysvipc',
  'debug',
  'setidcore',
  'fs-quota',
  'fs-reservedspace',
  'fs-extattr',
  'fs-snapshot',
  'map-va-zero',
  'chsysflags',
  'veriexec',
] as const;

/** One of {@link SYSTEM_ACTIONS}. */
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

/** `KAUTH_REQ_SYSTEM_SYSCTL_*`: `prvt` reads a private node, `add`/`delete` create/remove nodes, `modify` writes. */
export type SysctlRequest = 'prvt' | 'add' | 'delete' | 'modify' | 'desc';

/** `KAUTH_REQ_SYSTEM_MOUNT_*`: `get` reads mount information; the others change mounts. */
export type MountRequest = 'get' | 'device' | 'new' | 'unmount' | 'update' | 'umap';

/**
 * A system-scope request. `sysctl` and `mount` need their kauth request; the
 * other actions are judged the same for every request, which may be named
 * for the record (e.g. `fchroot`).
 */
export type SystemRequest =
  | { readonly action: 'sysctl'; readonly request: SysctlRequest }
  | { readonly action: 'mount'; readonly request: MountRequest }
  | { readonly action: Exclude<SystemAction, 'sysctl' | 'mount'>; readonly request?: string };

/** Address family of a bind: IPv4, IPv6 or a local (unix) socket. */
export type BindFamily = 'inet' | 'inet6' | 'local';

/**
 * One action an actor performs, named after the system call or sysctl it
 * stands for. Sizes are bytes; `signal` is a NetBSD signal number (0–31,
 * 0 only checks permission).
 */
export type SyscallAction =
  | { readonly kind: 'see'; readonly pid: number }
  | { readonly kind: 'ps' }
  | { readonly kind: 'signal'; readonly pid: number; readonly signal: number }
  | { readonly kind: 'signal-group'; readonly pgid: number; readonly signal: number }
  | { readonly kind: 'signal-all'; readonly signal: number }
  | { readonly kind: 'fork' }
  | { readonly kind: 'exec'; readonly argv: readonly string[] }
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'wait'; readonly pid: number }
  | { readonly kind: 'setuid'; readonly uid: number }
  | { readonly kind: 'setsid' }
  | { readonly kind: 'enter'; readonly jid: JailId }
  | { readonly kind: 'read-id' }
  | { readonly kind: 'jail-create'; readonly request: JailCreateRequest }
  | { readonly kind: 'jail-destroy'; readonly jid: JailId }
  | { readonly kind: 'jail-list' }
  | ({ readonly kind: 'system' } & SystemRequest)
  | { readonly kind: 'bind'; readonly port: number; readonly family?: BindFamily }
  | { readonly kind: 'connect'; readonly port: number; readonly family?: BindFamily }
  | { readonly kind: 'mmap'; readonly bytes: number }
  | { readonly kind: 'munmap'; readonly bytes: number }
  | { readonly kind: 'brk'; readonly bytes: number }
  | { readonly kind: 'open' }
  | { readonly kind: 'close' }
  | { readonly kind: 'socket'; readonly sendBytes?: number; readonly receiveBytes?: number }
  | {
      readonly kind: 'sockbuf';
      readonly socket: number;
      readonly buffer: 'send' | 'receive';
      readonly bytes: number;
    }
  | { readonly kind: 'close-socket'; readonly socket: number }
  | { readonly kind: 'burn-cpu'; readonly ticks: number };

/** The `kind` of a {@link SyscallAction}. */
export type SyscallKind = SyscallAction['kind'];

/** A process as a process listing (`ps`, `kern.proc`) shows it to the caller. */
export interface ProcessView {
  readonly pid: number;
  readonly ppid: number;
  readonly uid: number;
  readonly state: 'live' | 'zombie';
}

/** What a successful action yields, by kind; kinds not listed yield `undefined`. */
export interface SyscallValues {
  /** The child's pid. */
  readonly fork: number;
  /** The processes the caller can see, by pid. */
  readonly ps: readonly ProcessView[];
  /** How many processes were signalled. */
  readonly 'signal-group': number;
  /** How many processes were signalled. */
  readonly 'signal-all': number;
  /** Whether a zombie child was reaped (`WNOHANG`: `false` while it still runs). */
  readonly wait: boolean;
  /** The caller's jid. */
  readonly 'read-id': JailId;
  /** The new jail. */
  readonly 'jail-create': JailInfo;
  /** Every jail, newest first. */
  readonly 'jail-list': readonly JailInfo[];
  /** A handle naming the new socket in later actions. */
  readonly socket: number;
  /** Ticks actually run (0 while the jail is over its CPU quota). */
  readonly 'burn-cpu': number;
}

/** The value type of a successful action of kind `K`. */
export type SyscallValue<K extends SyscallKind> = K extends keyof SyscallValues
  ? SyscallValues[K]
  : undefined;

/**
 * What the caller of an action experiences: success with a value, or the
 * errno the system call returned. For `system` actions `ok` means the
 * request was authorised (a real backend performs a harmless representative).
 */
export type SyscallOutcome<K extends SyscallKind = SyscallKind> =
  | { readonly ok: true; readonly value: SyscallValue<K> }
  | { readonly ok: false; readonly errno: ErrnoName };

/**
 * Actions as processes with chosen credentials. Present on a backend exactly
 * when its capabilities declare `syscalls: true`.
 */
export interface BackendSyscalls {
  /**
   * Starts an actor: a process with credential `cred`, in its own session
   * and process group, that waits for actions. For `jid ≠ 0` it is started
   * the way `jailctl exec` starts processes (host root forks, enters the
   * jail, then drops to `uid`). The backend is its parent and reaps it.
   * @throws {JailError} ENOENT when the jail does not exist
   */
  spawnActor(cred: ActorCred, ctx?: CallContext): Promise<JailProcess>;
  /**
   * Performs `action` as the live process `pid` (an actor, or a child an
   * actor forked). Kernel refusals come back as `{ ok: false, errno }`.
   * @throws {JailError} naming the argument for malformed input or a pid that is not a live process
   */
  act<A extends SyscallAction>(pid: number, action: A, ctx?: CallContext): Promise<SyscallOutcome<A['kind']>>;
}
