import {
  errnoError,
  type JailLimits,
  type Profile,
  parseLimitArgument,
  parsePortList,
  parseProfileArgument,
} from '@jails/core';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

interface CreateOptions {
  n: string;
  q?: number;
  c?: number;
  m?: number;
  p?: number;
  d?: number;
  s?: number;
  l?: Profile;
  r: number[];
}

const LIMIT_FLAGS = [
  ['q', 'cpu.quota', 'cpuQuotaTicks', 'CPU quota: scheduler ticks per period (with -c)'],
  ['c', 'cpu.period', 'cpuPeriodMicros', 'CPU period in microseconds (with -q)'],
  ['m', 'memory.max', 'memoryMaxBytes', 'per-process address-space ceiling in bytes'],
  ['p', 'proc.max', 'procMax', 'most processes in the jail (live and zombie)'],
  ['d', 'fd.max', 'fdMax', 'per-process open-descriptor ceiling'],
  ['s', 'sockbuf.max', 'sockbufMaxBytes', 'ceiling on the jail’s socket buffers in bytes'],
] as const;

/** `jailctl create [-q quota] [-c period] [-m mem] [-p procs] [-d fds] [-s sockbuf] [-l profile] [-r ports]… -n name root` */
export function registerCreate(program: Command, ctx: CliContext): Command {
  const command = program.command('create').description('create an empty jail and print its id');
  for (const [flag, what, , help] of LIMIT_FLAGS) {
    command.option(`-${flag} <${what}>`, help, (v: string) => parseLimitArgument(v, `-${flag}`, what));
  }
  return command
    .option('-l <profile>', 'security profile: low, medium or high (default high)', parseProfileArgument)
    .option('-r <port[,port...]>', 'reserve ports for this jail (repeatable, at most 32)', collectPorts, [])
    .requiredOption('-n <name>', 'jail name (1-63 bytes, unique)')
    .argument('<root>', 'the jail’s root directory')
    .action(async (root: string, opts: CreateOptions) => {
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
        reservedPorts: opts.r,
      });
      ctx.out(`jail ${jail.id}`);
    });
}

function collectPorts(value: string, previous: number[]): number[] {
  return [...previous, ...parsePortList(value)];
}
