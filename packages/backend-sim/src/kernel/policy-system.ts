/**
 * System scope (upstream-facts 3.3) and network scope (3.4).
 */
import {
  type BindFamily,
  type ErrnoName,
  type Profile,
  SYSTEM_ACTIONS,
  type SystemRequest,
  ValidationError,
} from '@jails/core/backend';
import type { SimCred } from '../state.js';
import { portArg } from './args.js';
import type { KernelCore } from './core.js';

/** secmodel_jail's answer: no opinion, an explicit allow, or a deny. */
export type JailDecision = 'defer' | 'allow' | 'deny';

const ADMIN_ACTIONS = new Set<string>([
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
]);
const MOUNT_CHANGES = new Set<string>(['device', 'new', 'unmount', 'update', 'umap']);
const SYSCTL_CHANGES = new Set<string>(['add', 'delete', 'modify']);
const KNOWN_ACTIONS = new Set<string>(SYSTEM_ACTIONS);

/** The jail listener's decision for a jailed profile; host creds and vanished jails never get here. */
function profileDecision(profile: Profile, req: SystemRequest): JailDecision {
  const { action, request } = req;
  if (action === 'sysctl' && request === 'prvt') return 'deny';
  if (profile === 'low') return 'defer';
  if (action === 'sysctl') return SYSCTL_CHANGES.has(request) ? 'deny' : 'defer';
  if (action === 'mount') return MOUNT_CHANGES.has(request) ? 'deny' : 'defer';
  if (ADMIN_ACTIONS.has(action)) return 'deny';
  if (action === 'sysvipc') return profile === 'high' ? 'deny' : 'defer';
  return 'defer';
}

/** KAUTH_SYSTEM_* as secmodel_jail judges it for `cred`. */
export function systemDecision(k: KernelCore, cred: SimCred, req: SystemRequest): JailDecision {
  checkRequest(req);
  if (cred.jid === 0) return 'defer';
  const entry = k.jails.get(cred.jid);
  return entry ? profileDecision(entry.profile, req) : 'defer';
}

// The simulator's stand-in for secmodel_suser: root may do every system
// action, others only read sysctl descriptions and mount information.
const unprivileged = (req: SystemRequest): boolean =>
  (req.action === 'sysctl' && req.request === 'desc') || (req.action === 'mount' && req.request === 'get');

/** What the caller of a system action sees: jail DENY → EPERM; on defer, root or unprivileged requests pass. */
export function systemAction(k: KernelCore, cred: SimCred, req: SystemRequest): ErrnoName | undefined {
  if (systemDecision(k, cred, req) === 'deny') return 'EPERM';
  return cred.euid === 0 || unprivileged(req) ? undefined : 'EPERM';
}

function checkRequest(req: SystemRequest): void {
  if (!KNOWN_ACTIONS.has(req?.action)) {
    throw new ValidationError('action', `action: not a system action: ${String(req?.action)}`, {
      operation: 'system',
    });
  }
  const ok =
    req.action === 'sysctl'
      ? ['prvt', 'add', 'delete', 'modify', 'desc'].includes(req.request)
      : req.action === 'mount'
        ? ['get', 'device', 'new', 'unmount', 'update', 'umap'].includes(req.request)
        : true;
  if (!ok) {
    throw new ValidationError('request', `request: not a ${req.action} request: ${String(req.request)}`, {
      operation: 'system',
    });
  }
}

/** IPPORT_RESERVED: binding below it needs root under the normal rules. */
const IPPORT_RESERVED = 1024;

/**
 * KAUTH_NETWORK_BIND for an inet/inet6 port: defer when nobody reserved it
 * (or port 0, or another family), allow for the owning jail's members, deny
 * everyone else, host root included.
 */
export function bindDecision(k: KernelCore, cred: SimCred, port: number, family: BindFamily): JailDecision {
  if (port === 0 || family === 'local') return 'defer';
  const owner = k.ports.get(port);
  if (owner === undefined) return 'defer';
  return owner === cred.jid ? 'allow' : 'deny';
}

/** bind(2) as the caller sees it: jail DENY → EACCES; ALLOW wins; on defer, ports below 1024 need root. */
export function bindPort(
  k: KernelCore,
  cred: SimCred,
  port: unknown,
  family: unknown = 'inet',
): ErrnoName | undefined {
  const p = portArg(port, 'bind');
  const fam = familyArg(family);
  const decision = bindDecision(k, cred, p, fam);
  if (decision === 'deny') return 'EACCES';
  if (decision === 'allow') return undefined;
  return fam !== 'local' && p !== 0 && p < IPPORT_RESERVED && cred.euid !== 0 ? 'EACCES' : undefined;
}

/** connect(2) to a port: jails restrict nothing here (upstream-facts 5). */
export function connectPort(port: unknown, family: unknown = 'inet'): undefined {
  portArg(port, 'connect');
  familyArg(family);
  return undefined;
}

function familyArg(family: unknown): BindFamily {
  if (family === 'inet' || family === 'inet6' || family === 'local') return family;
  throw new ValidationError('family', `family: must be inet, inet6 or local, got ${String(family)}`, {
    operation: 'bind',
  });
}
