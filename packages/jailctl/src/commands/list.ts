import type { Command } from 'commander';
import type { ListOptions } from '../actions/list.js';
import type { CliContext } from '../context.js';

/** `jailctl list [--json]`: upstream's model-B table, or `no jails`. */
export function registerList(program: Command, ctx: CliContext): Command {
  return program
    .command('list')
    .description('list jails, newest first')
    .option('--json', 'print the kernel’s jail records as JSON (JailInfo[])')
    .action(async (opts: ListOptions) => (await import('../actions/list.js')).list(ctx, opts));
}
