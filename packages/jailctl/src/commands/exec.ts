import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/**
 * `jailctl exec <jail-id|name> [command [args...]]`: runs the command (or
 * `$SHELL -i`, default `/bin/sh -i`) in the jail with this terminal attached.
 * jailctl's exit status is the command's; a command killed by a signal kills
 * jailctl with the same signal, as upstream's in-place exec would.
 */
export function registerExec(program: Command, ctx: CliContext): Command {
  return program
    .command('exec')
    .description('run a command (default: an interactive shell) inside a jail')
    .argument('<jail-id|name>', 'the jail (all digits = id)')
    .argument('[command...]', 'command and arguments (default: $SHELL -i)')
    .passThroughOptions()
    .action(async (target: string, command: string[]) =>
      (await import('../actions/exec.js')).exec(ctx, target, command),
    );
}
