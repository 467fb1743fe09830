import type { BackendChoice, Jails } from '@jails/core';

/** Where jailctl writes its text: a stream such as `process.stdout`, or anything with its `write`. */
export interface TextSink {
  /** Writes `text` as it is (jailctl adds the newlines). */
  write(text: string): unknown;
}

/** Where a command reads and writes, and how it reaches the SDK. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * What every command receives: the streams and a lazily opened client (the
 * SDK client and the backend are imported on first use, not at start-up).
 */
export class CliContext {
  #opened: Promise<{ jails: Jails; choice: BackendChoice }> | undefined;
  /** The `--backend` option, set by the program before a command runs. */
  backendFlag: string | undefined;

  constructor(readonly io: CliIo) {}

  /** Writes one line to stdout. */
  out(line: string): void {
    this.io.stdout.write(`${line}\n`);
  }

  /** Opens the SDK client once, printing the simulated-backend notice on the first use. */
  async jails(): Promise<Jails> {
    this.#opened ??= import('./open.js')
      .then(({ openCliJails }) => openCliJails({ flag: this.backendFlag, env: this.io.env, tool: 'jailctl' }))
      .then((opened) => {
        if (opened.choice.notice) this.io.stderr.write(`${opened.choice.notice}\n`);
        return opened;
      });
    return (await this.#opened).jails;
  }

  /** The backend choice, once {@link CliContext.jails} has been called. */
  async choice(): Promise<BackendChoice> {
    await this.jails();
    return (await this.#opened!).choice;
  }

  /** Disposes the client if it was opened. */
  async close(): Promise<void> {
    // a client that failed to open was reported already and has nothing to dispose
    const opened = await this.#opened?.catch(() => undefined);
    await opened?.jails.dispose();
  }
}
