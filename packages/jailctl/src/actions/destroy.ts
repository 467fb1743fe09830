import type { CliContext } from '../context.js';

/** Runs `jailctl destroy`: destroys the jail named by id or name. */
export async function destroy(ctx: CliContext, target: string): Promise<void> {
  await (await ctx.jails()).destroy(target);
}
