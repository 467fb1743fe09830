import type { ActorCred } from '../backend/syscalls.js';
import type { JailCreateRequest } from '../jails/jail-spec.js';
import type { ConformanceContext } from './context.js';

/** The actors of the policy tables: host root/user, and root/users in jails A and B. */
export const ACTORS = [
  'host root',
  'host user',
  'host user 2',
  'A root',
  'A user',
  'A user 2',
  'B root',
  'B user',
] as const;

/** One of {@link ACTORS}. */
export type ActorName = (typeof ACTORS)[number];

/** The uid the tables use for an unprivileged user. */
export const USER_UID = 1000;

/** A populated world for the policy tables: two jails and one live actor per {@link ActorName}. */
export interface PolicyWorld {
  /** Jail ids of A and B. */
  readonly jails: { readonly A: number; readonly B: number };
  /** Pid of each actor. */
  readonly pid: Readonly<Record<ActorName, number>>;
}

/**
 * Creates jails A and B (with `overrides` applied to both) and starts every
 * actor. Host actors run on the host; jailed ones are entered as root and
 * then drop to their uid.
 */
export async function policyWorld(
  ctx: ConformanceContext,
  overrides: { A?: Partial<JailCreateRequest>; B?: Partial<JailCreateRequest> } = {},
): Promise<PolicyWorld> {
  const A = (await ctx.create(overrides.A)).id;
  const B = (await ctx.create(overrides.B)).id;
  const creds: Record<ActorName, ActorCred> = {
    'host root': { uid: 0, jid: 0 },
    'host user': { uid: USER_UID, jid: 0 },
    'host user 2': { uid: USER_UID, jid: 0 },
    'A root': { uid: 0, jid: A },
    'A user': { uid: USER_UID, jid: A },
    'A user 2': { uid: USER_UID, jid: A },
    'B root': { uid: 0, jid: B },
    'B user': { uid: USER_UID, jid: B },
  };
  const pid = {} as Record<ActorName, number>;
  for (const name of ACTORS) pid[name] = await ctx.actor(creds[name]);
  return { jails: { A, B }, pid };
}
