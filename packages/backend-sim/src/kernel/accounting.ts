/**
 * Memory and descriptor admission (upstream-facts 4.0, 4.2, 4.3). Both are
 * per-process ceilings: the kernel passes the calling process's own size or
 * descriptor count, and the jail's "current" is only the last value seen.
 * Host credentials and jailed ones whose jail is gone are never limited.
 */
import { type ErrnoName, ValidationError } from '@jails/core/backend';
import { sizeArg } from './args.js';
import type { KernelCore, KProc, SimResource } from './core.js';

/** `current + delta ≤ max`, 0 = unlimited, overflow counted as exceeding. */
export const admits = (max: number, current: number, delta: number): boolean =>
  max === 0 || (current <= max && delta <= max - current);

/** @internal Counts a denial and tells observers. */
export function denied(k: KernelCore, p: KProc, resource: SimResource, errno: ErrnoName): ErrnoName {
  k.emit(() => ({ type: 'admission-denied', resource, errno, jid: p.jid, pid: p.pid, atMs: k.clock.now() }));
  return errno;
}

/** The `memory-admit` eval: overwrites `memoryCurrent` with the caller's size, then checks. */
function memoryAdmit(k: KernelCore, p: KProc, delta: number): ErrnoName | undefined {
  if (p.jid === 0) return undefined;
  const e = k.jails.get(p.jid);
  if (!e) return undefined;
  e.memoryCurrent = p.vmBytes;
  if (admits(e.limits.memoryMaxBytes, p.vmBytes, delta)) return undefined;
  e.counters.denyMemory += 1;
  return denied(k, p, 'memory', 'ENOMEM');
}

/** The `memory-set-current` setinfo after a successful change. */
function memorySetCurrent(k: KernelCore, p: KProc): void {
  const e = p.jid === 0 ? undefined : k.jails.get(p.jid);
  if (e) e.memoryCurrent = p.vmBytes;
}

/** mmap(2) of `bytes` (≥ 1): ENOMEM when the process would pass its jail's `memoryMaxBytes`. */
export function mmap(k: KernelCore, p: KProc, bytes: unknown): ErrnoName | undefined {
  const delta = sizeArg(bytes, 'mmap', 'bytes', 1);
  const err = memoryAdmit(k, p, delta);
  if (err) return err;
  p.vmBytes += delta;
  memorySetCurrent(k, p);
  return undefined;
}

/**
 * munmap(2): not hooked, so the jail's `memoryCurrent` is left as it was.
 * @throws {ValidationError} (`bytes`) for more than the process has mapped outside its break
 */
export function munmap(p: KProc, bytes: unknown): undefined {
  const delta = sizeArg(bytes, 'munmap', 'bytes', 1);
  if (delta > p.vmBytes - p.brkBytes) {
    throw new ValidationError('bytes', `bytes: ${delta} exceeds the ${p.vmBytes - p.brkBytes} bytes mapped`, {
      operation: 'munmap',
    });
  }
  p.vmBytes -= delta;
  return undefined;
}

/**
 * brk(2) to a data segment of `bytes`: growth is admitted like mmap; a
 * shrink is not checked; either way `memoryCurrent` becomes the new size.
 */
export function brk(k: KernelCore, p: KProc, bytes: unknown): ErrnoName | undefined {
  const size = sizeArg(bytes, 'brk', 'bytes');
  if (size > p.brkBytes) {
    const err = memoryAdmit(k, p, size - p.brkBytes);
    if (err) return err;
  } else if (size === p.brkBytes) return undefined;
  p.vmBytes += size - p.brkBytes;
  p.brkBytes = size;
  memorySetCurrent(k, p);
  return undefined;
}

/** The `fd-admit` eval for one new descriptor: overwrites `fdCurrent` with the caller's count, then checks. */
export function fdAdmit(k: KernelCore, p: KProc): ErrnoName | undefined {
  if (p.jid === 0) return undefined;
  const e = k.jails.get(p.jid);
  if (!e) return undefined;
  e.fdCurrent = p.fds;
  if (admits(e.limits.fdMax, p.fds, 1)) return undefined;
  e.counters.denyFd += 1;
  return denied(k, p, 'fd', 'EMFILE');
}

/** Allocates one descriptor in `p`; after success `fdCurrent` = count + 1. */
export function allocFd(k: KernelCore, p: KProc): ErrnoName | undefined {
  const err = fdAdmit(k, p);
  if (err) return err;
  p.fds += 1;
  const e = p.jid === 0 ? undefined : k.jails.get(p.jid);
  if (e) e.fdCurrent = p.fds;
  return undefined;
}

/** close(2) of a non-socket descriptor: EBADF when there is none; the jail counter is not updated. */
export function closeFd(k: KernelCore, p: KProc): ErrnoName | undefined {
  if (p.fds - (k.held.get(p.pid)?.size ?? 0) <= 0) return 'EBADF';
  p.fds -= 1;
  return undefined;
}
