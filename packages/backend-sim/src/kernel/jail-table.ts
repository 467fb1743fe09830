/**
 * The jail table: the `security.models.jail.{create,destroy,list,id}` sysctls
 * (upstream-facts 2.5, 6.1, 6.2, 6.4).
 */
import {
  DEFAULT_PROFILE,
  type ErrnoName,
  errnoError,
  firstKernelIssue,
  type JailCreateRequest,
  type JailInfo,
  LIMIT_KEYS,
} from '@jails/core/backend';
import type { SimCred, SimJailEntry } from '../state.js';
import { jidArg } from './args.js';
import { cpuLimited, isHostRoot, type KernelCore, type KProc } from './core.js';

const U32_MAX = 0xffff_ffff;

/** Write of `create`. @throws {JailError} EPERM, EINVAL (naming the field), EEXIST, EOVERFLOW */
export function createJail(k: KernelCore, cred: SimCred, req: JailCreateRequest): JailInfo {
  if (!isHostRoot(cred))
    throw errnoError('EPERM', { operation: 'create', detail: 'only host root may create jails' });
  const issue = firstKernelIssue(req);
  if (issue) {
    throw errnoError('EINVAL', {
      operation: 'create',
      field: issue.field,
      detail: `${issue.field}: ${issue.message}`,
    });
  }
  const s = k.state;
  if (k.names.has(req.name)) {
    throw errnoError('EEXIST', { operation: 'create', detail: `name already exists: ${req.name}` });
  }
  const taken = req.reservedPorts?.find((p) => k.ports.has(p));
  if (taken !== undefined) {
    throw errnoError('EEXIST', {
      operation: 'create',
      detail: `port ${taken} is already reserved by another jail`,
    });
  }
  if (s.nextJailId === 0)
    throw errnoError('EOVERFLOW', { operation: 'create', detail: 'jail id counter wrapped' });
  const id = s.nextJailId;
  s.nextJailId = id >= U32_MAX ? 0 : id + 1;
  const limits = Object.fromEntries(LIMIT_KEYS.map((key) => [key, req.limits?.[key] ?? 0]));
  const entry: SimJailEntry = {
    id,
    name: req.name,
    root: req.root,
    profile: req.profile ?? DEFAULT_PROFILE,
    ports: [...(req.reservedPorts ?? [])],
    limits: limits as unknown as SimJailEntry['limits'],
    procCurrent: 0,
    refcount: 0,
    fdCurrent: 0,
    sockbufCurrent: 0,
    memoryCurrent: 0,
    cpuUsage: 0,
    cpuUsedWindow: 0,
    cpuWindowStartS: null,
    overQuota: false,
    counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
  };
  s.jails.unshift(entry);
  k.jails.set(id, entry);
  k.names.set(entry.name, id);
  for (const port of entry.ports) k.ports.set(port, id);
  if (cpuLimited(entry)) s.cpuLimitsActive += 1;
  return toJailInfo(entry);
}

/** Write of `destroy`: EBUSY (live or zombie members) is checked before existence. */
export function destroyJail(k: KernelCore, cred: SimCred, id: unknown): void {
  if (!isHostRoot(cred))
    throw errnoError('EPERM', { operation: 'destroy', detail: 'only host root may destroy jails' });
  const jid = jidArg(id, 'destroy', 'id');
  if (jid === 0)
    throw errnoError('EINVAL', { operation: 'destroy', field: 'id', detail: 'id: jail 0 is the host' });
  if ((k.members.get(jid) ?? 0) > 0) {
    throw errnoError('EBUSY', { operation: `destroy jail ${jid}`, detail: 'Device busy' });
  }
  const entry = k.jails.get(jid);
  if (!entry)
    throw errnoError('ENOENT', { operation: `destroy jail ${jid}`, detail: 'No such file or directory' });
  const list = k.state.jails;
  list.splice(list.indexOf(entry), 1);
  k.jails.delete(jid);
  k.names.delete(entry.name);
  for (const port of entry.ports) k.ports.delete(port);
  if (cpuLimited(entry)) k.state.cpuLimitsActive -= 1;
}

/** Read of `list`: every jail, newest first, counters as last sampled. */
export function listJails(k: KernelCore, cred: SimCred): JailInfo[] {
  if (!isHostRoot(cred))
    throw errnoError('EPERM', { operation: 'list', detail: 'only host root may list jails' });
  const out = new Array<JailInfo>(k.state.jails.length);
  for (let i = 0; i < out.length; i++) out[i] = toJailInfo(k.state.jails[i] as SimJailEntry);
  return out;
}

/** Read of `id`: the caller's jid; only host root may read it (so always 0). */
export function readId(cred: SimCred): number | ErrnoName {
  return isHostRoot(cred) ? cred.jid : 'EPERM';
}

/**
 * Write of `id` by process `p` (upstream-facts 6.2): only host root; a
 * target other than 0 must exist; the target equal to the current jid is a
 * no-op; no admission check. Only this process's credential changes.
 */
export function enterJail(k: KernelCore, p: KProc, target: unknown): ErrnoName | undefined {
  const jid = jidArg(target, 'enter');
  if (!isHostRoot(p)) return 'EPERM';
  if (p.jid !== 0 && p.jid !== jid) return 'EPERM';
  if (jid !== 0 && !k.jails.has(jid)) return 'ENOENT';
  if (jid === p.jid) return undefined;
  k.moveMember(p.jid, jid);
  p.jid = jid;
  return undefined;
}

/** The `struct jail_info` view of an entry. */
export function toJailInfo(e: SimJailEntry): JailInfo {
  return {
    id: e.id,
    name: e.name,
    root: e.root,
    refcount: e.refcount,
    limits: { ...e.limits },
    usage: {
      procs: e.procCurrent,
      fds: e.fdCurrent,
      sockbufBytes: e.sockbufCurrent,
      memoryBytes: e.memoryCurrent,
      cpuTicks: e.cpuUsage,
    },
    counters: { ...e.counters },
  };
}
