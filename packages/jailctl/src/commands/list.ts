import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { renderJailList } from '../render.js';

/** `jailctl list [--json]`: upstream's model-B table, or `no jails`. */
export function registerList(program: Command, ctx: CliContext): Command {
  return program
    .command('list')
    .description('list jails, newest first')
    .option('--json', 'print the kernel’s jail records as JSON (JailInfo[])')
    .action(async (opts: { json?: boolean }) => {
      const jails = await (await ctx.jails()).list();
      ctx.io.stdout.write(opts.json ? `${JSON.stringify(jails, null, 2)}\n` : renderJailList(jails));
    });
}
