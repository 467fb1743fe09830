import type { Command } from 'commander';
import type { StatsOptions } from '../actions/stats.js';
import type { CliContext } from '../context.js';

/**
 * `jailctl stats [-P] [-h] [-v] [--json]`: the kernel's per-jail accounting as
 * the project page's table, upstream's verbose table, or Prometheus text
 * (with `-h` the HTTP head first, so inetd can serve it per connection).
 */
export function registerStats(program: Command, ctx: CliContext): Command {
  return program
    .command('stats')
    .description('show per-jail resource usage and deny counters')
    .option('-P', 'Prometheus text exposition format')
    .option('-h', 'with -P: prepend an HTTP/1.1 200 response head (for inetd)')
    .option('-v', 'verbose table: CUR/MAX pairs and the root')
    .option('--json', 'print the kernel’s jail records as JSON (JailInfo[])')
    .action(async (opts: StatsOptions) => (await import('../actions/stats.js')).stats(ctx, opts));
}
