import { Command, CommanderError } from 'commander';
import { registerCreate } from './commands/create.js';
import { registerDestroy } from './commands/destroy.js';
import { registerExec } from './commands/exec.js';
import { registerList } from './commands/list.js';
import { registerStats } from './commands/stats.js';
import { registerSupervise } from './commands/supervise.js';
import { CliContext, type CliIo } from './context.js';
import { describeFailure } from './errors.js';

/** The commands, in the order help lists them; each registers itself from `commands/`. */
const COMMANDS = {
  create: registerCreate,
  destroy: registerDestroy,
  list: registerList,
  exec: registerExec,
  supervise: registerSupervise,
  stats: registerStats,
} as const;

/**
 * The `jailctl` command tree. With `only` (a command name), the program with
 * just that command: all that `jailctl <command> …` parses, so a command's run
 * does not define the other five; the program's own help and anything else
 * get the whole tree.
 */
export function buildProgram(ctx: CliContext, only?: keyof typeof COMMANDS): Command {
  const program = new Command('jailctl')
    .description('Control NetBSD jails: create, destroy, list, exec, supervise, stats.')
    .helpOption('--help', 'show help')
    .option(
      '--backend <name>',
      'backend: netbsd or sim (default: netbsd on NetBSD, else sim; env JAILS_BACKEND)',
    )
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(false)
    .hook('preAction', (cmd) => {
      ctx.backendFlag = cmd.opts<{ backend?: string }>().backend;
    });
  for (const register of only ? [COMMANDS[only]] : Object.values(COMMANDS)) {
    const command = register(program, ctx).helpOption('--help', 'show help').exitOverride();
    command.configureOutput({
      outputError: (message, write) => {
        write(`jailctl: ${message.replace(/^error: /, '').trimEnd()}\n`);
        write(`usage: jailctl ${command.name()} ${command.usage()}\n`);
      },
    });
  }
  program.configureOutput({
    outputError: (message, write) => write(`jailctl: ${message.replace(/^error: /, '').trimEnd()}\n`),
  });
  return program;
}

/**
 * Runs jailctl with `argv` (without node and script) and returns the exit
 * status. All failures end here: `jailctl: <message>` on stderr, status 1.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  const first = argv[0];
  const program = buildProgram(
    ctx,
    first !== undefined && Object.hasOwn(COMMANDS, first) ? (first as keyof typeof COMMANDS) : undefined,
  );
  program.configureOutput({
    ...program.configureOutput(),
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  for (const command of program.commands) {
    command.configureOutput({
      ...command.configureOutput(),
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  }
  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return 1;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const { lines, status } = describeFailure(error, io.env.JAILS_DEBUG === '1');
    for (const line of lines) io.stderr.write(`${line}\n`);
    return status;
  } finally {
    await ctx.close();
  }
}
