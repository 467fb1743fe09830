import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** `jailctl destroy <jail-id|name>`: the jail must have no members left. */
export function registerDestroy(program: Command, ctx: CliContext): Command {
  return program
    .command('destroy')
    .description('destroy a jail that has no processes left')
    .argument('<jail-id|name>', 'the jail (all digits = id)')
    .action(async (target: string) => (await import('../actions/destroy.js')).destroy(ctx, target));
}
