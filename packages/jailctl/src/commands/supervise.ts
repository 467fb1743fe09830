import {
  backendDescriptorOf,
  type JailLogOptions,
  parseFacility,
  parseLevel,
  runSupervisorForeground,
  sanitizeTag,
  superviseDetached,
  supervisorStateDir,
} from '@jails/core';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';

interface SuperviseOptions {
  f: string;
  o: string;
  e: string;
  t: string;
  syslog?: string;
  foreground?: boolean;
}

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
    .action(async (target: string, argv: string[], opts: SuperviseOptions) => {
      const syslogTarget = opts.syslog ?? ctx.io.env.JAILS_SYSLOG;
      // Checked here so that a typo fails before anything is started.
      parseFacility(opts.f);
      parseLevel(opts.o, '-o');
      parseLevel(opts.e, '-e');
      const syslog: JailLogOptions = {
        facility: opts.f,
        stdoutLevel: opts.o,
        stderrLevel: opts.e,
        tag: sanitizeTag(opts.t),
        ...(syslogTarget ? { target: syslogTarget } : {}),
      };
      const jails = await ctx.jails();
      const jail = await jails.resolve(target);
      const choice = await ctx.choice();
      const stateDir = supervisorStateDir(choice.prefix);
      const subject = { id: jail.id, name: jail.name };
      if (opts.foreground) {
        await runSupervisorForeground({ backend: jails.backend, jail: subject, argv, stateDir, syslog });
        return;
      }
      const env = Object.fromEntries(
        Object.entries(ctx.io.env).filter((e): e is [string, string] => e[1] !== undefined),
      );
      await superviseDetached({
        backend: backendDescriptorOf(choice),
        jail: subject,
        argv,
        env,
        stateDir,
        syslog,
      });
      ctx.out(`jail ${jail.id}`);
    });
}
