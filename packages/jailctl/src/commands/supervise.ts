import type { Command } from 'commander';
import type { SuperviseOptions } from '../actions/supervise.js';
import type { CliContext } from '../context.js';

/**
 * `jailctl supervise [-f facility] [-o level] [-e level] [-t tag] <jail-id|name> command [args...]`:
 * upstream's detached supervisor (prints `jail <id>` and returns), or with
 * `--foreground` the same supervisor in this process, for rc.d or systemd.
 */
export function registerSupervise(program: Command, ctx: CliContext): Command {
  return program
    .command('supervise')
    .description('run a command in a jail under a restarting supervisor that logs its output to syslog')
    .option('-f <facility>', 'syslog facility: auth … local7', 'daemon')
    .option('-o <level>', 'syslog level of stdout lines (name or 0-7)', 'notice')
    .option('-e <level>', 'syslog level of stderr lines (name or 0-7)', 'err')
    .option('-t <tag>', 'syslog tag', 'jailctl')
    .option('--syslog <target>', 'syslog socket path, udp://host:port or tcp://host:port (env JAILS_SYSLOG)')
    .option('--foreground', 'supervise in this process instead of detaching (for rc.d, systemd)')
    .argument('<jail-id|name>', 'the jail (all digits = id)')
    .argument('<command...>', 'the command to supervise and its arguments')
    .passThroughOptions()
    .action(async (target: string, argv: string[], opts: SuperviseOptions) =>
      (await import('../actions/supervise.js')).supervise(ctx, target, argv, opts),
    );
}
