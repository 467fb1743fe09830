import { renderPrometheus, renderStatsTable } from '@jails/core';
import type { CliContext } from '../context.js';

/** Options of `jailctl stats`, as commander parses them. */
export interface StatsOptions {
  P?: boolean;
  h?: boolean;
  v?: boolean;
  json?: boolean;
}

/** Runs `jailctl stats`: the table, the verbose table, Prometheus text (with `-h`, an HTTP response) or JSON. */
export async function stats(ctx: CliContext, opts: StatsOptions): Promise<void> {
  const jails = await (await ctx.jails()).list();
  if (opts.json) ctx.io.stdout.write(`${JSON.stringify(jails, null, 2)}\n`);
  else if (opts.P) ctx.io.stdout.write(renderPrometheus(jails, { httpHead: opts.h === true }));
  else ctx.io.stdout.write(renderStatsTable(jails, { verbose: opts.v === true }));
}
