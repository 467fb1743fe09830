import { expect } from 'vitest';
import type { BackendCapabilities } from '../backend/backend.js';
import type { ErrnoName } from '../errors/errno.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';
import { type ActorName, type PolicyWorld, policyWorld } from './world.js';

/** Policy checks need actors and a policy that is enforced. */
export const enforcesPolicy = (caps: BackendCapabilities): boolean =>
  caps.syscalls === true && caps.policy !== 'none';

/** One case of a policy row: the subject acts on the target and sees `expected`. */
export type PolicyCase = readonly [subject: ActorName, target: ActorName, expected: 'ok' | ErrnoName];

/** One row of an upstream-facts policy table with the cases that exercise it. */
export interface PolicyRow {
  /** The row as upstream-facts states it. */
  readonly row: string;
  readonly cases: readonly PolicyCase[];
}

/** Upstream-facts 3.2, KAUTH_PROCESS_CANSEE, row by row (a denied lookup fails with ESRCH). */
export const CANSEE_TABLE: readonly PolicyRow[] = [
  {
    row: 'host root → any: defer (allowed)',
    cases: [
      ['host root', 'host user', 'ok'],
      ['host root', 'A user', 'ok'],
      ['host root', 'B root', 'ok'],
    ],
  },
  {
    row: 'any other subject, same jid as target: defer (allowed)',
    cases: [
      ['A user', 'A root', 'ok'],
      ['A root', 'A user', 'ok'],
      ['B user', 'B root', 'ok'],
      ['host user', 'host root', 'ok'],
    ],
  },
  {
    row: 'different jid (host non-root → jailed, jailed → host, jail A → jail B): DENY',
    cases: [
      ['host user', 'A user', 'ESRCH'],
      ['host user', 'B root', 'ESRCH'],
      ['A user', 'host user', 'ESRCH'],
      ['A root', 'host root', 'ESRCH'],
      ['A root', 'B root', 'ESRCH'],
      ['B user', 'A user', 'ESRCH'],
    ],
  },
];

/** Upstream-facts 3.2, KAUTH_PROCESS_SIGNAL (signal 0), row by row; after a defer the uid rules apply. */
export const SIGNAL_TABLE: readonly PolicyRow[] = [
  {
    row: 'host root → any: defer (allowed)',
    cases: [
      ['host root', 'host user', 'ok'],
      ['host root', 'A user', 'ok'],
      ['host root', 'B root', 'ok'],
    ],
  },
  {
    row: 'same jid: defer, then the normal uid rules (root may, users only their own uid)',
    cases: [
      ['A root', 'A user', 'ok'],
      ['A user', 'A user 2', 'ok'],
      ['A user', 'A root', 'EPERM'],
      ['B user', 'B root', 'EPERM'],
      ['host user', 'host user 2', 'ok'],
      ['host user', 'host root', 'EPERM'],
    ],
  },
  {
    row: 'jid mismatch: DENY → kill(2) EPERM, even for the same uid and for root',
    cases: [
      ['host user', 'A user', 'EPERM'],
      ['A user', 'host user', 'EPERM'],
      ['A root', 'host root', 'EPERM'],
      ['A root', 'B root', 'EPERM'],
      ['B root', 'A user', 'EPERM'],
    ],
  },
];

async function runCases(ctx: ConformanceContext, w: PolicyWorld, row: PolicyRow, kind: 'see' | 'signal') {
  for (const [subject, target, expected] of row.cases) {
    const pid = w.pid[target];
    const action = kind === 'see' ? { kind, pid } : { kind, pid, signal: 0 };
    await ctx.expectAct(w.pid[subject], action, expected, `${subject} → ${target}`);
  }
}

const tableChecks = (
  table: readonly PolicyRow[],
  kind: 'see' | 'signal',
  scope: string,
): ConformanceCheck[] =>
  table.map((row) => ({
    name: `3.2 ${scope}: ${row.row}`,
    source: 'upstream-facts 3.2',
    requires: enforcesPolicy,
    async run(ctx) {
      await runCases(ctx, await policyWorld(ctx), row, kind);
    },
  }));

const live = async (ctx: ConformanceContext, pid: number): Promise<boolean> => {
  const ps = await ctx.expectAct(await ctx.hostRoot(), { kind: 'ps' }, 'ok', 'host root lists processes');
  return ps.ok && ps.value.some((p) => p.pid === pid && p.state === 'live');
};

/** Process scope (upstream-facts 3.2) beyond the two tables: listings, group and broadcast kills. */
export const processScopeChecks: readonly ConformanceCheck[] = [
  ...tableChecks(CANSEE_TABLE, 'see', 'CANSEE'),
  ...tableChecks(SIGNAL_TABLE, 'signal', 'SIGNAL'),
  {
    name: '3.2 CANSEE: a process listing shows the caller only what it may see',
    source: 'upstream-facts 3.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const seen = async (who: ActorName) => {
        const ps = await ctx.expectAct(w.pid[who], { kind: 'ps' }, 'ok');
        return new Set(ps.ok ? ps.value.map((p) => p.pid) : []);
      };
      const expectations: [ActorName, ActorName[], ActorName[]][] = [
        ['A root', ['A root', 'A user', 'A user 2'], ['host root', 'host user', 'B root', 'B user']],
        ['B user', ['B root', 'B user'], ['host root', 'A root', 'A user']],
        ['host user', ['host root', 'host user', 'host user 2'], ['A root', 'A user', 'B root']],
        ['host root', ['host user', 'A user', 'B user'], []],
      ];
      for (const [who, sees, misses] of expectations) {
        const set = await seen(who);
        for (const t of sees) expect(set.has(w.pid[t]), `${who} sees ${t}`).toBe(true);
        for (const t of misses) expect(set.has(w.pid[t]), `${who} does not see ${t}`).toBe(false);
      }
    },
  },
  {
    name: '3.2 SIGNAL: a broadcast kill(-1) from a jail reaches only that jail (invisible processes skipped)',
    source: 'upstream-facts 3.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const killed = await ctx.expectAct(w.pid['A root'], { kind: 'signal-all', signal: 9 }, 'ok');
      expect(killed.ok && killed.value).toBe(2);
      for (const dead of ['A user', 'A user 2'] as const)
        expect(await live(ctx, w.pid[dead]), dead).toBe(false);
      for (const alive of ['A root', 'host root', 'host user', 'B root', 'B user'] as const) {
        expect(await live(ctx, w.pid[alive]), alive).toBe(true);
      }
    },
  },
  {
    name: '3.2 SIGNAL: a group kill signals only the members the caller may see; none at all is ESRCH',
    source: 'upstream-facts 3.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const leader = await ctx.actor({ uid: 0, jid: 0 });
      const member = await ctx.fork(leader);
      await ctx.expectAct(member, { kind: 'enter', jid: w.jails.A }, 'ok');
      const killed = await ctx.expectAct(
        w.pid['A root'],
        { kind: 'signal-group', pgid: leader, signal: 9 },
        'ok',
      );
      expect(killed.ok && killed.value).toBe(1);
      expect(await live(ctx, member), 'the jailed member').toBe(false);
      expect(await live(ctx, leader), 'the host leader').toBe(true);
      await ctx.expectAct(w.pid['B root'], { kind: 'signal-group', pgid: leader, signal: 9 }, 'ESRCH');
      expect(await live(ctx, leader), 'the host leader').toBe(true);
    },
  },
  {
    name: '3.2 SIGNAL: kill of a pid that no longer exists is ESRCH',
    source: 'upstream-facts 3.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const child = await ctx.fork(w.pid['A root']);
      await ctx.expectAct(child, { kind: 'exit', code: 0 }, 'ok');
      await ctx.expectAct(w.pid['A root'], { kind: 'wait', pid: child }, 'ok');
      await ctx.expectAct(w.pid['A root'], { kind: 'signal', pid: child, signal: 0 }, 'ESRCH');
      await ctx.expectAct(w.pid['host root'], { kind: 'signal', pid: child, signal: 0 }, 'ESRCH');
    },
  },
];
