/** A kernel jail id (`jailid_t`, u32). 0 is the host and never names a jail. */
export type JailId = number;

/** The host's jail id: processes with this jid are not jailed. */
export const HOST_JID = 0;

/** Security profiles of secmodel_jail, weakest to strongest (upstream-facts 3.3). */
export const PROFILES = ['low', 'medium', 'high'] as const;

/**
 * A security profile: `low` isolates processes only; `medium` also denies
 * sysctl writes, mounts, modules, mknod, chroot, reboot, time and similar
 * administration; `high` additionally denies SysV IPC administration.
 */
export type Profile = (typeof PROFILES)[number];

/** The profile the kernel applies when none is given. */
export const DEFAULT_PROFILE: Profile = 'high';

/** Kernel limits (`JAIL_NAME_MAX`, `JAIL_ROOT_MAX`, `JAIL_PORTS_MAX`). */
export const JAIL_NAME_MAX_BYTES = 63;
/** Longest jail root in bytes (`JAIL_ROOT_MAX`). */
export const JAIL_ROOT_MAX_BYTES = 255;
/** Most ports one jail may reserve (`JAIL_PORTS_MAX`). */
export const JAIL_PORTS_MAX = 32;
/** Largest value a kernel u64 limit can hold that JavaScript represents exactly. */
export const LIMIT_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Per-jail resource ceilings. An absent limit, or 0, means unlimited.
 *
 * Each one is enforced the way the model-B kernel enforces it:
 * - `cpuQuotaTicks` / `cpuPeriodMicros` (both or neither): the jail may use
 *   `cpuQuotaTicks` statclock ticks per window of `cpuPeriodMicros` µs
 *   (rounded up to whole seconds, sampled at 1 Hz); over quota its threads are
 *   not scheduled and its forks fail with EAGAIN until the window rolls over.
 * - `memoryMaxBytes`: a **per-process** address-space ceiling checked at
 *   mmap/brk growth (ENOMEM).
 * - `procMax`: processes of the jail, live **and zombie**, checked at fork
 *   (EAGAIN).
 * - `fdMax`: a **per-process** descriptor ceiling checked at allocation
 *   (EMFILE).
 * - `sockbufMaxBytes`: the **per-jail sum** of socket buffer reservations
 *   (ENOBUFS).
 */
export interface JailLimits {
  /** CPU ticks allowed per period. Requires `cpuPeriodMicros`. */
  readonly cpuQuotaTicks?: number;
  /** Length of the CPU accounting window in microseconds. Requires `cpuQuotaTicks`. */
  readonly cpuPeriodMicros?: number;
  /** Per-process address-space ceiling in bytes. */
  readonly memoryMaxBytes?: number;
  /** Most processes (live + zombie) in the jail. */
  readonly procMax?: number;
  /** Per-process open-descriptor ceiling. */
  readonly fdMax?: number;
  /** Ceiling on the sum of the jail's socket buffer reservations in bytes. */
  readonly sockbufMaxBytes?: number;
}

/** The names of {@link JailLimits}, in kernel field order. */
export const LIMIT_KEYS = [
  'cpuQuotaTicks',
  'cpuPeriodMicros',
  'memoryMaxBytes',
  'procMax',
  'fdMax',
  'sockbufMaxBytes',
] as const satisfies readonly (keyof JailLimits)[];

/** One of {@link LIMIT_KEYS}. */
export type LimitKey = (typeof LIMIT_KEYS)[number];

/**
 * What a user asks for when creating a jail.
 * @example
 * const spec: JailSpec = {
 *   name: 'web', root: '/var/jailmgr/jails/web/root', profile: 'medium',
 *   limits: { cpuQuotaTicks: 200, cpuPeriodMicros: 1_000_000, memoryMaxBytes: 512 * 2 ** 20 },
 *   reservedPorts: [8080],
 * };
 */
export interface JailSpec {
  /** Unique among live jails; 1–63 bytes, no control characters. */
  readonly name: string;
  /** Absolute path of the jail's root directory, at most 255 bytes. */
  readonly root: string;
  /** Security profile. @default 'high' */
  readonly profile?: Profile;
  /** Resource ceilings; absent or 0 = unlimited. */
  readonly limits?: JailLimits;
  /** Ports (1–65535, at most 32, no duplicates) only this jail may bind. */
  readonly reservedPorts?: readonly number[];
}

/**
 * The kernel's create request (`struct jail_create`) in TypeScript form, as a
 * backend receives it. Unlike {@link JailSpec}, presence is meaningful: a
 * limit that is present has its `JAIL_CREATE_*` flag set (so 0 is invalid),
 * `profile` present sets `JAIL_CREATE_PROFILE`, and `reservedPorts` present
 * sets `JAIL_CREATE_PORTS` (so an empty list is invalid).
 * {@link toCreateRequest} builds one from a spec.
 */
export interface JailCreateRequest {
  readonly name: string;
  readonly root: string;
  readonly profile?: Profile;
  readonly limits?: JailLimits;
  readonly reservedPorts?: readonly number[];
}

/**
 * Turns a user's spec into the kernel request: limits that are absent or 0
 * stay unflagged (unlimited), an empty port list sets no flag.
 */
export function toCreateRequest(spec: JailSpec): JailCreateRequest {
  const limits: Record<string, number> = {};
  for (const key of LIMIT_KEYS) {
    const value = spec.limits?.[key];
    if (value !== undefined && value !== 0) limits[key] = value;
  }
  return {
    name: spec.name,
    root: spec.root,
    ...(spec.profile === undefined ? {} : { profile: spec.profile }),
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(spec.reservedPorts && spec.reservedPorts.length > 0
      ? { reservedPorts: [...spec.reservedPorts] }
      : {}),
  };
}
