import type { SyscallAction } from '../backend/syscalls.js';
import type { ErrnoName } from '../errors/errno.js';
import type { ConformanceCheck } from './checks.js';
import type { ConformanceContext } from './context.js';
import { TABLE_PORTS } from './port-checks.js';
import { enforcesPolicy } from './process-policy-checks.js';
import { type ActorName, type PolicyWorld, policyWorld } from './world.js';

/** What one summary case does, given the world (and a spare empty jail for destroy). */
export type SummaryAct = (w: PolicyWorld, spare: number, ctx: ConformanceContext) => SyscallAction;

/** One case of a summary row: who does what, and what it sees. */
export type SummaryCase = readonly [
  subject: ActorName,
  what: string,
  act: SummaryAct,
  expected: 'ok' | ErrnoName,
];

/** One row of upstream-facts table 3.5. */
export interface SummaryRow {
  readonly row: string;
  readonly cases: readonly SummaryCase[];
}

const see =
  (t: ActorName): SummaryAct =>
  (w) => ({ kind: 'see', pid: w.pid[t] });
const signal =
  (t: ActorName): SummaryAct =>
  (w) => ({ kind: 'signal', pid: w.pid[t], signal: 0 });
const create: SummaryAct = (_w, _s, ctx) => ({ kind: 'jail-create', request: ctx.request() });
const destroy: SummaryAct = (_w, spare) => ({ kind: 'jail-destroy', jid: spare });
const list: SummaryAct = () => ({ kind: 'jail-list' });
const readId: SummaryAct = () => ({ kind: 'read-id' });
const enter =
  (jail: 'A' | 'B' | 'host'): SummaryAct =>
  (w) => ({ kind: 'enter', jid: jail === 'host' ? 0 : w.jails[jail] });
const bind: SummaryAct = () => ({ kind: 'bind', port: TABLE_PORTS.reserved });

/** Upstream-facts table 3.5 ("who can do what"), row by row; jail A reserves {@link TABLE_PORTS}. */
export const SUMMARY_TABLE: readonly SummaryRow[] = [
  {
    row: 'create / destroy / list / read+write id: host root yes, everyone else EPERM',
    cases: [
      ['host root', 'create', create, 'ok'],
      ['host root', 'list', list, 'ok'],
      ['host root', 'read id', readId, 'ok'],
      ['host user', 'create', create, 'EPERM'],
      ['host user', 'destroy', destroy, 'EPERM'],
      ['host user', 'list', list, 'EPERM'],
      ['host user', 'read id', readId, 'EPERM'],
      ['host user', 'write id', enter('A'), 'EPERM'],
      ['A root', 'create', create, 'EPERM'],
      ['A root', 'destroy', destroy, 'EPERM'],
      ['A root', 'list', list, 'EPERM'],
      ['A root', 'read id', readId, 'EPERM'],
      ['host root', 'destroy', destroy, 'ok'],
    ],
  },
  {
    row: 'see / signal host processes: host root yes, host non-root by uid rules, jailed no',
    cases: [
      ['host root', 'see host user', see('host user'), 'ok'],
      ['host root', 'signal host user', signal('host user'), 'ok'],
      ['host user', 'see host root', see('host root'), 'ok'],
      ['host user', 'signal host root', signal('host root'), 'EPERM'],
      ['host user', 'signal host user 2', signal('host user 2'), 'ok'],
      ['A root', 'see host user', see('host user'), 'ESRCH'],
      ['A root', 'signal host user', signal('host user'), 'EPERM'],
      ['A user', 'signal host user', signal('host user'), 'EPERM'],
    ],
  },
  {
    row: 'see / signal processes of jail N: host root yes, host non-root no, jailed only from N (then uid rules)',
    cases: [
      ['host root', 'see A user', see('A user'), 'ok'],
      ['host root', 'signal A root', signal('A root'), 'ok'],
      ['host user', 'see A user', see('A user'), 'ESRCH'],
      ['host user', 'signal A user', signal('A user'), 'EPERM'],
      ['A user', 'see A root', see('A root'), 'ok'],
      ['A user', 'signal A root', signal('A root'), 'EPERM'],
      ['A user', 'signal A user 2', signal('A user 2'), 'ok'],
      ['B root', 'see A user', see('A user'), 'ESRCH'],
      ['B root', 'signal A user', signal('A user'), 'EPERM'],
    ],
  },
  {
    row: 'leave a jail or change jid: impossible for the jailed',
    cases: [
      ['A root', 'enter the host', enter('host'), 'EPERM'],
      ['A root', 'enter jail B', enter('B'), 'EPERM'],
      ['B user', 'enter jail A', enter('A'), 'EPERM'],
    ],
  },
  {
    row: 'bind a port reserved by jail N: host root no, host non-root no, only members of N',
    cases: [
      ['host root', 'bind', bind, 'EACCES'],
      ['host user', 'bind', bind, 'EACCES'],
      ['B root', 'bind', bind, 'EACCES'],
      ['A root', 'bind', bind, 'ok'],
      ['A user', 'bind', bind, 'ok'],
    ],
  },
];

/** Upstream-facts 3.5 checks, one per row. */
export const summaryChecks: readonly ConformanceCheck[] = SUMMARY_TABLE.map(
  (r): ConformanceCheck => ({
    name: `3.5 ${r.row}`,
    source: 'upstream-facts 3.5, 2.1',
    requires: enforcesPolicy,
    async run(ctx) {
      const w = await policyWorld(ctx, { A: { reservedPorts: [TABLE_PORTS.reserved] } });
      const spare = (await ctx.create()).id;
      for (const [subject, what, act, expected] of r.cases) {
        const outcome = await ctx.expectAct(
          w.pid[subject],
          act(w, spare, ctx),
          expected,
          `${subject}: ${what}`,
        );
        if (outcome.ok && outcome.value && typeof outcome.value === 'object' && 'id' in outcome.value) {
          await ctx.destroy((outcome.value as { id: number }).id).catch(() => undefined);
        }
      }
    },
  }),
);
