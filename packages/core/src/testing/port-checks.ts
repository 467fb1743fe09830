import type { BindFamily } from '../backend/syscalls.js';
import type { ErrnoName } from '../errors/errno.js';
import type { ConformanceCheck } from './checks.js';
import { enforcesPolicy } from './process-policy-checks.js';
import { type ActorName, policyWorld } from './world.js';

/** The ports the port tables use: jail A reserves the first two. */
export const TABLE_PORTS = {
  reserved: 18443,
  'reserved <1024': 843,
  free: 18444,
  'free <1024': 844,
  ephemeral: 0,
} as const;

/** One case of a port row: who binds (or connects) which port in which family, and what it sees. */
export type PortCase = readonly [
  subject: ActorName,
  port: keyof typeof TABLE_PORTS,
  family: BindFamily,
  expected: 'ok' | ErrnoName,
];

/** One row of upstream-facts table 3.4. */
export interface PortRow {
  readonly row: string;
  readonly action: 'bind' | 'connect';
  readonly cases: readonly PortCase[];
}

/** Upstream-facts table 3.4 (network scope), row by row; jail A reserves 18443 and 843. */
export const NETWORK_POLICY_TABLE: readonly PortRow[] = [
  {
    row: 'BIND, port ≠ 0 reserved by no jail: defer (normal rules: below 1024 needs root)',
    action: 'bind',
    cases: [
      ['A user', 'free', 'inet', 'ok'],
      ['B root', 'free', 'inet6', 'ok'],
      ['host user', 'free', 'inet', 'ok'],
      ['A user', 'free <1024', 'inet', 'EACCES'],
      ['host user', 'free <1024', 'inet6', 'EACCES'],
      ['A root', 'free <1024', 'inet', 'ok'],
      ['host root', 'free <1024', 'inet', 'ok'],
    ],
  },
  {
    row: "BIND, port reserved by the caller's jail: ALLOW (even a non-root member below 1024)",
    action: 'bind',
    cases: [
      ['A root', 'reserved', 'inet', 'ok'],
      ['A user', 'reserved', 'inet6', 'ok'],
      ['A user', 'reserved <1024', 'inet', 'ok'],
      ['A user 2', 'reserved <1024', 'inet6', 'ok'],
    ],
  },
  {
    row: 'BIND, port reserved by a jail the caller is not in, every host credential included: DENY → EACCES',
    action: 'bind',
    cases: [
      ['host root', 'reserved', 'inet', 'EACCES'],
      ['host root', 'reserved <1024', 'inet6', 'EACCES'],
      ['host user', 'reserved', 'inet', 'EACCES'],
      ['B root', 'reserved', 'inet6', 'EACCES'],
      ['B user', 'reserved <1024', 'inet', 'EACCES'],
    ],
  },
  {
    row: 'port 0 (ephemeral) and other address families: defer',
    action: 'bind',
    cases: [
      ['B user', 'ephemeral', 'inet', 'ok'],
      ['host user', 'ephemeral', 'inet6', 'ok'],
      ['host root', 'reserved', 'local', 'ok'],
      ['B user', 'reserved', 'local', 'ok'],
    ],
  },
  {
    row: 'every other network action (connect to a reserved port): defer, not restricted',
    action: 'connect',
    cases: [
      ['B user', 'reserved', 'inet', 'ok'],
      ['host user', 'reserved <1024', 'inet6', 'ok'],
      ['host root', 'reserved', 'inet', 'ok'],
    ],
  },
];

const reserveA = { A: { reservedPorts: [TABLE_PORTS.reserved, TABLE_PORTS['reserved <1024']] } };

/** Network scope (3.4) and port reservation (5) checks. */
export const portChecks: readonly ConformanceCheck[] = [
  ...NETWORK_POLICY_TABLE.map(
    (r): ConformanceCheck => ({
      name: `3.4 ${r.row}`,
      source: 'upstream-facts 3.4, 5',
      requires: enforcesPolicy,
      async run(ctx) {
        const w = await policyWorld(ctx, reserveA);
        for (const [subject, key, family, expected] of r.cases) {
          const port = TABLE_PORTS[key];
          const label = `${subject} ${r.action} ${key} port ${port}/${family}`;
          await ctx.expectAct(w.pid[subject], { kind: r.action, port, family }, expected, label);
        }
      },
    }),
  ),
  {
    name: '5 a reservation is protocol-agnostic: IPv4 and IPv6 alike',
    source: 'upstream-facts 5',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx, reserveA);
      for (const family of ['inet', 'inet6'] as const) {
        await ctx.expectAct(
          w.pid['A user'],
          { kind: 'bind', port: TABLE_PORTS.reserved, family },
          'ok',
          'owner',
        );
        await ctx.expectAct(
          w.pid['B root'],
          { kind: 'bind', port: TABLE_PORTS.reserved, family },
          'EACCES',
          'other',
        );
      }
    },
  },
  {
    name: '5 a reservation is released when its jail is destroyed',
    source: 'upstream-facts 5, 6.4',
    requires: enforcesPolicy,
    async run(ctx) {
      const port = 18451;
      const owner = await ctx.create({ reservedPorts: [port] });
      const root = await ctx.hostRoot();
      await ctx.expectAct(root, { kind: 'bind', port }, 'EACCES', 'while reserved');
      await ctx.destroy(owner.id);
      await ctx.expectAct(root, { kind: 'bind', port }, 'ok', 'after destroy');
    },
  },
];
