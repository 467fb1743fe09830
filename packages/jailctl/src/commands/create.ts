import { parseLimitArgument, parsePortList, parseProfileArgument } from '@jails/core';
import type { Command } from 'commander';
import type { CreateOptions } from '../actions/create.js';
import type { CliContext } from '../context.js';

/**
 * The limit flags of `jailctl create`: flag letter, upstream's name (shown in
 * usage), the `JailLimits` key it sets, and its help line.
 */
export const LIMIT_FLAGS = [
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
    .option('-r <port[,port...]>', 'reserve ports for this jail (repeatable, at most 32)', collectPorts)
    .requiredOption('-n <name>', 'jail name (1-63 bytes, unique)')
    .argument('<root>', 'the jail’s root directory')
    .action(async (root: string, opts: CreateOptions) =>
      (await import('../actions/create.js')).create(ctx, root, opts),
    );
}

function collectPorts(value: string, previous: number[] = []): number[] {
  return [...previous, ...parsePortList(value)];
}
