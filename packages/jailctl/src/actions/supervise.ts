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
import type { CliContext } from '../context.js';

/** Options of `jailctl supervise`, as commander parses them (defaults filled in). */
export interface SuperviseOptions {
  f: string;
  o: string;
  e: string;
  t: string;
  syslog?: string;
  foreground?: boolean;
}

/**
 * Runs `jailctl supervise`: checks the syslog options before anything starts,
 * then starts the detached supervisor daemon and prints `jail <id>`, or with
 * `--foreground` supervises in this process until it is signalled.
 */
export async function supervise(
  ctx: CliContext,
  target: string,
  argv: string[],
  opts: SuperviseOptions,
): Promise<void> {
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
}
