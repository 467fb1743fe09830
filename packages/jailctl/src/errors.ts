import { JailError } from '@jails/core';

/** A command line that does not parse: printed with the usage line, exit status 1. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that ran and wants jailctl to exit with its status (exec passes the child's through). */
export class ExitStatus extends Error {
  constructor(readonly status: number) {
    super(`exit status ${status}`);
    this.name = 'ExitStatus';
  }
}

/**
 * Turns any failure into the lines jailctl prints on stderr and its exit
 * status: `jailctl: <message>` and 1, like upstream's err(3). Unknown errors
 * ask to be reported; stack traces only with `JAILS_DEBUG=1`.
 */
export function describeFailure(error: unknown, debug: boolean): { lines: string[]; status: number } {
  if (error instanceof ExitStatus) return { lines: [], status: error.status };
  if (error instanceof UsageError) return { lines: [`jailctl: ${error.message}`, error.usage], status: 1 };
  const lines = JailError.is(error)
    ? [`jailctl: ${error.message}`]
    : [
        `jailctl: ${error instanceof Error ? error.message : String(error)}`,
        'jailctl: this is a bug; please report it',
      ];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return { lines, status: 1 };
}
