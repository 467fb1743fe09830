import { renderPrometheus, renderStatsTable } from '@jails/core';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

interface StatsOptions {
  P?: boolean;
  h?: boolean;
  v?: boolean;
  json?: boolean;
}

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
    .action(async (opts: StatsOptions) => {
      const jails = await (await ctx.jails()).list();
      if (opts.json) ctx.io.stdout.write(`${JSON.stringify(jails, null, 2)}\n`);
      else if (opts.P) ctx.io.stdout.write(renderPrometheus(jails, { httpHead: opts.h === true }));
      else ctx.io.stdout.write(renderStatsTable(jails, { verbose: opts.v === true }));
    });
}
