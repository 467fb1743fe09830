import type { SystemRequest } from '../backend/syscalls.js';
import { PROFILES } from '../jails/jail-spec.js';
import type { ConformanceCheck, ExpectedOutcome } from './checks.js';
import { enforcesPolicy } from './process-policy-checks.js';

/**
 * One row of upstream-facts table 3.3: a system request and what a jailed
 * **root** sees under each profile (a jail DENY is EPERM; a defer leaves the
 * decision to the other models, which allow root).
 */
export interface SystemPolicyRow {
  readonly row: string;
  readonly request: SystemRequest;
  readonly low: ExpectedOutcome;
  readonly medium: ExpectedOutcome;
  readonly high: ExpectedOutcome;
}

const row = (
  r: string,
  request: SystemRequest,
  low: ExpectedOutcome,
  medium: ExpectedOutcome,
  high: ExpectedOutcome,
): SystemPolicyRow => ({
  row: r,
  request,
  low,
  medium,
  high,
});

const everyRequest = (
  label: string,
  actions: readonly Exclude<SystemRequest['action'], 'sysctl' | 'mount'>[],
  low: ExpectedOutcome,
  medium: ExpectedOutcome,
  high: ExpectedOutcome,
) => actions.map((action) => row(`${label}: ${action.toUpperCase()}`, { action }, low, medium, high));

/** Upstream-facts table 3.3, row by row (rows naming several actions or requests are expanded). */
export const SYSTEM_POLICY_TABLE: readonly SystemPolicyRow[] = [
  row(
    'SYSCTL + PRVT (read of private nodes)',
    { action: 'sysctl', request: 'prvt' },
    'EPERM',
    'EPERM',
    'EPERM',
  ),
  row('SYSCTL + ADD', { action: 'sysctl', request: 'add' }, 'ok', 'EPERM', 'EPERM'),
  row('SYSCTL + DELETE', { action: 'sysctl', request: 'delete' }, 'ok', 'EPERM', 'EPERM'),
  row('SYSCTL + MODIFY (write values)', { action: 'sysctl', request: 'modify' }, 'ok', 'EPERM', 'EPERM'),
  row('SYSCTL other requests (DESC)', { action: 'sysctl', request: 'desc' }, 'ok', 'ok', 'ok'),
  row('MOUNT + DEVICE', { action: 'mount', request: 'device' }, 'ok', 'EPERM', 'EPERM'),
  row('MOUNT + NEW', { action: 'mount', request: 'new' }, 'ok', 'EPERM', 'EPERM'),
  row('MOUNT + UNMOUNT', { action: 'mount', request: 'unmount' }, 'ok', 'EPERM', 'EPERM'),
  row('MOUNT + UPDATE', { action: 'mount', request: 'update' }, 'ok', 'EPERM', 'EPERM'),
  row('MOUNT + UMAP', { action: 'mount', request: 'umap' }, 'ok', 'EPERM', 'EPERM'),
  row('MOUNT other requests (GET)', { action: 'mount', request: 'get' }, 'ok', 'ok', 'ok'),
  ...everyRequest(
    'administration (every request)',
    [
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
    ],
    'ok',
    'EPERM',
    'EPERM',
  ),
  row('SYSVIPC (admin bypass/override)', { action: 'sysvipc' }, 'ok', 'ok', 'EPERM'),
  ...everyRequest(
    'every other system action',
    [
      'debug',
      'setidcore',
      'fs-quota',
      'fs-reservedspace',
      'fs-extattr',
      'fs-snapshot',
      'map-va-zero',
      'chsysflags',
      'veriexec',
    ],
    'ok',
    'ok',
    'ok',
  ),
];

/** System scope checks (upstream-facts 3.3): one per row, each profile plus host root. */
export const systemScopeChecks: readonly ConformanceCheck[] = [
  ...SYSTEM_POLICY_TABLE.map(
    (r): ConformanceCheck => ({
      name: `3.3 ${r.row}: low ${r.low}, medium ${r.medium}, high ${r.high}; host root allowed`,
      source: 'upstream-facts 3.3',
      requires: enforcesPolicy,
      async run(ctx) {
        const host = await ctx.hostRoot();
        await ctx.expectAct(
          host,
          { kind: 'system', ...r.request },
          'ok',
          'host root (host creds always defer)',
        );
        for (const profile of PROFILES) {
          const jail = await ctx.create({ profile });
          const root = await ctx.actor({ uid: 0, jid: jail.id });
          await ctx.expectAct(
            root,
            { kind: 'system', ...r.request },
            r[profile],
            `jailed root, profile ${profile}`,
          );
        }
      },
    }),
  ),
  {
    name: '3.3 the default profile is high',
    source: 'upstream-facts 3.3',
    requires: enforcesPolicy,
    async run(ctx) {
      const jail = await ctx.create();
      const root = await ctx.actor({ uid: 0, jid: jail.id });
      await ctx.expectAct(
        root,
        { kind: 'system', action: 'sysvipc' },
        'EPERM',
        'sysvipc under the default profile',
      );
    },
  },
  {
    name: '3.3 host credentials always defer: a host user gets the normal answers',
    source: 'upstream-facts 3.3',
    requires: enforcesPolicy,
    async run(ctx) {
      const user = await ctx.actor({ uid: 1000, jid: 0 });
      await ctx.expectAct(user, { kind: 'system', action: 'sysctl', request: 'desc' }, 'ok');
      await ctx.expectAct(user, { kind: 'system', action: 'mount', request: 'get' }, 'ok');
      await ctx.expectAct(user, { kind: 'system', action: 'reboot' }, 'EPERM', 'reboot needs root');
    },
  },
];
