import { errnoError, type JailLimits, type Profile } from '@jails/core';
import { LIMIT_FLAGS } from '../commands/create.js';
import type { CliContext } from '../context.js';

/** Options of `jailctl create`, as commander parses them (numbers already checked). */
export interface CreateOptions {
  n: string;
  q?: number;
  c?: number;
  m?: number;
  p?: number;
  d?: number;
  s?: number;
  l?: Profile;
  r?: number[];
}

/**
 * Runs `jailctl create`: refuses a name in use (`name already exists`, like
 * upstream), creates the jail and prints `jail <id>`.
 */
export async function create(ctx: CliContext, root: string, opts: CreateOptions): Promise<void> {
  const jails = await ctx.jails();
  if (await jails.get({ kind: 'name', name: opts.n }))
    throw errnoError('EEXIST', { detail: `name already exists: ${opts.n}` });
  const limits: Record<string, number> = {};
  for (const [flag, , key] of LIMIT_FLAGS) if (opts[flag] !== undefined) limits[key] = opts[flag];
  const jail = await jails.create({
    name: opts.n,
    root,
    ...(opts.l ? { profile: opts.l } : {}),
    limits: limits as JailLimits,
    reservedPorts: opts.r ?? [],
  });
  ctx.out(`jail ${jail.id}`);
}
