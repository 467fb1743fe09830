import type { CliContext } from '../context.js';
import { renderJailList } from '../render.js';

/** Options of `jailctl list`, as commander parses them. */
export interface ListOptions {
  json?: boolean;
}

/** Runs `jailctl list`: the model-B table (or JSON) of every jail, newest first. */
export async function list(ctx: CliContext, opts: ListOptions): Promise<void> {
  const jails = await (await ctx.jails()).list();
  ctx.io.stdout.write(opts.json ? `${JSON.stringify(jails, null, 2)}\n` : renderJailList(jails));
}
