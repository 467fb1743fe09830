import { constants } from 'node:os';
import type { CliContext } from '../context.js';
import { ExitStatus } from '../errors.js';

const FORWARDED: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * Runs `jailctl exec`: the command (or `$SHELL -i`) in the jail with this
 * terminal attached, signals forwarded; its exit status becomes jailctl's, and
 * a command killed by a signal kills jailctl with the same signal.
 * @throws {ExitStatus} when the command did not exit 0
 */
export async function exec(ctx: CliContext, target: string, command: string[]): Promise<void> {
  const argv = command.length > 0 ? command : [ctx.io.env.SHELL || '/bin/sh', '-i'];
  const jails = await ctx.jails();
  const child = await jails.spawn(target, argv, { stdio: 'inherit', env: { ...ctx.io.env } });
  // On a terminal, ^C reaches the command directly (same process group);
  // otherwise a SIGINT sent to jailctl is passed on like the others.
  const signals = process.stdin.isTTY ? FORWARDED : [...FORWARDED, 'SIGINT' as const];
  const handlers = signals.map((signal) => {
    const handler = () => child.kill(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  if (process.stdin.isTTY) process.on('SIGINT', ignore);
  const exit = await child.exited;
  for (const [signal, handler] of handlers) process.off(signal, handler);
  process.off('SIGINT', ignore);
  if (exit.signal) {
    await ctx.close();
    // Node closes its signal handlers asynchronously; re-raise only once
    // the default action is back, and fall back to the shell's 128+n.
    await new Promise((resolve) => setImmediate(resolve));
    process.kill(process.pid, exit.signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    throw new ExitStatus(128 + (constants.signals[exit.signal] ?? 0));
  }
  if (exit.code !== 0) throw new ExitStatus(exit.code ?? 1);
}

function ignore(): void {}
