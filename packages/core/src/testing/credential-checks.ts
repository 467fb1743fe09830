import { expect } from 'vitest';
import type { ErrnoName } from '../errors/errno.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';
import { enforcesPolicy } from './process-policy-checks.js';
import { type ActorName, policyWorld, USER_UID } from './world.js';

/** Asserts which actors can see `pid` and which cannot. */
async function expectSeenBy(
  ctx: ConformanceContext,
  pid: number,
  who: Readonly<Record<ActorName, number>>,
  cases: readonly (readonly [ActorName, 'ok' | ErrnoName])[],
  label: string,
) {
  for (const [subject, expected] of cases) {
    await ctx.expectAct(who[subject], { kind: 'see', pid }, expected, `${label}, seen by ${subject}`);
  }
}

const JAIL_A_ONLY = [
  ['A root', 'ok'],
  ['A user', 'ok'],
  ['host user', 'ESRCH'],
  ['B root', 'ESRCH'],
  ['host root', 'ok'],
] as const;

/** Upstream-facts 3.1 (credential scope) and 6.2/6.3 (enter, inheritance), row by row. */
export const credentialChecks: readonly ConformanceCheck[] = [
  {
    name: '3.1 CRED_INIT: a new credential is the host’s (host root reads id 0)',
    source: 'upstream-facts 3.1, 2.1',
    requires: enforcesPolicy,
    async run(ctx) {
      const root = await ctx.hostRoot();
      const id = await ctx.expectAct(root, { kind: 'read-id' }, 'ok');
      expect(id.ok && id.value).toBe(0);
      const child = await ctx.fork(root);
      const childId = await ctx.expectAct(child, { kind: 'read-id' }, 'ok');
      expect(childId.ok && childId.value).toBe(0);
    },
  },
  {
    name: '3.1 CRED_COPY: a forked child keeps its parent’s jid',
    source: 'upstream-facts 3.1, 6.3',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const child = await ctx.fork(w.pid['A user']);
      await expectSeenBy(ctx, child, w.pid, JAIL_A_ONLY, 'forked child');
      await ctx.expectAct(child, { kind: 'see', pid: w.pid['host user'] }, 'ESRCH', 'child → host user');
    },
  },
  {
    name: '3.1 CRED_COPY: exec keeps the jid',
    source: 'upstream-facts 3.1, 6.3',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const child = await ctx.fork(w.pid['A root']);
      await ctx.expectAct(child, { kind: 'exec', argv: ['/bin/sh'] }, 'ok');
      await expectSeenBy(ctx, child, w.pid, JAIL_A_ONLY, 'after exec');
    },
  },
  {
    name: '3.1 CRED_COPY: setuid keeps the jid (a jailed root that drops root is still jailed)',
    source: 'upstream-facts 3.1',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const pid = w.pid['A root'];
      await ctx.expectAct(pid, { kind: 'setuid', uid: USER_UID + 1 }, 'ok', 'SETID is deferred');
      await expectSeenBy(ctx, pid, w.pid, JAIL_A_ONLY, 'after setuid');
      await ctx.expectAct(pid, { kind: 'see', pid: w.pid['host user'] }, 'ESRCH');
      await ctx.expectAct(pid, { kind: 'enter', jid: 0 }, 'EPERM');
    },
  },
  {
    name: '6.2 enter: host root enters; only the caller changes jail, its parent stays on the host',
    source: 'upstream-facts 6.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const parent = await ctx.actor({ uid: 0, jid: 0 });
      const child = await ctx.fork(parent);
      await ctx.expectAct(child, { kind: 'enter', jid: w.jails.A }, 'ok');
      await expectSeenBy(ctx, child, w.pid, JAIL_A_ONLY, 'entered child');
      await ctx.expectAct(w.pid['host user'], { kind: 'see', pid: parent }, 'ok', 'parent still on the host');
      await ctx.expectAct(w.pid['A root'], { kind: 'see', pid: parent }, 'ESRCH', 'parent still on the host');
    },
  },
  {
    name: '6.2 enter: not host root → EPERM (no leaving, no changing jail, not even to the own jid)',
    source: 'upstream-facts 6.2, 3.5',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx);
      const cases: [ActorName, number, string][] = [
        ['A root', 0, 'leave to the host'],
        ['A root', w.jails.B, 'move to another jail'],
        ['A root', w.jails.A, 'write the own jid'],
        ['A user', 0, 'leave as a user'],
        ['host user', w.jails.A, 'host non-root'],
      ];
      for (const [who, jid, label] of cases) {
        await ctx.expectAct(w.pid[who], { kind: 'enter', jid }, 'EPERM', label);
      }
    },
  },
  {
    name: '6.2 enter: a missing jail is ENOENT; writing 0 from the host is a no-op',
    source: 'upstream-facts 6.2',
    requires: enforcesPolicy,
    async run(ctx) {
      const gone = await ctx.create();
      await ctx.destroy(gone.id);
      const root = await ctx.actor({ uid: 0, jid: 0 });
      await ctx.expectAct(root, { kind: 'enter', jid: gone.id }, 'ENOENT');
      await ctx.expectAct(root, { kind: 'enter', jid: 0 }, 'ok');
      const id = await ctx.expectAct(root, { kind: 'read-id' }, 'ok');
      expect(id.ok && id.value).toBe(0);
    },
  },
];
