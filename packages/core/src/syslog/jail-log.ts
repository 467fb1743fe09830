import type { JailId } from '../jails/jail-spec.js';
import { DEFAULT_STDERR_LEVEL, DEFAULT_STDOUT_LEVEL, parseLevel, type SyslogLevel } from './codes.js';
import {
  createSyslogClient,
  type SyslogClient,
  type SyslogClientOptions,
  type SyslogStats,
} from './syslog-client.js';

/** Which output stream of the workload a line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** The jail a log speaks about: both parts go into every message. */
export interface JailLogSubject {
  readonly id: JailId;
  readonly name: string;
}

/**
 * Syslog settings of a supervised jail, upstream's `-f -o -e -t` plus the
 * destination. JSON-serialisable, so the detached supervisor can receive them.
 */
export interface JailLogOptions extends SyslogClientOptions {
  /** Level of stdout lines: a name or 0–7. @default 'notice' */
  readonly stdoutLevel?: SyslogLevel | string | number;
  /** Level of stderr lines: a name or 0–7. @default 'err' */
  readonly stderrLevel?: SyslogLevel | string | number;
}

/**
 * Writes a supervised jail's output and notices to syslog in upstream's words:
 * `jail=<name> jid=<id> stdout: <line>` (or `stderr:`) at the stdout / stderr
 * levels, and `jail=<name> jid=<id> <notice>` for the supervisor's own notices.
 * Create one with {@link createJailLog}.
 */
export class JailLog {
  /** The syslog client underneath, for its counters. */
  readonly client: SyslogClient;
  readonly #prefix: string;
  readonly #streams: Record<OutputStream, { level: SyslogLevel; prefix: Buffer }>;

  /** @throws {ValidationError} for an invalid level */
  constructor(subject: JailLogSubject, client: SyslogClient, options: JailLogOptions = {}) {
    this.client = client;
    this.#prefix = `jail=${subject.name} jid=${subject.id} `;
    this.#streams = {
      stdout: {
        level: parseLevel(options.stdoutLevel ?? DEFAULT_STDOUT_LEVEL, 'stdoutLevel'),
        prefix: Buffer.from(`${this.#prefix}stdout: `),
      },
      stderr: {
        level: parseLevel(options.stderrLevel ?? DEFAULT_STDERR_LEVEL, 'stderrLevel'),
        prefix: Buffer.from(`${this.#prefix}stderr: `),
      },
    };
  }

  /** Logs one line (or piece of a long line) of workload output, bytes as they are. */
  line(stream: OutputStream, bytes: Uint8Array): void {
    const { level, prefix } = this.#streams[stream];
    this.client.log(level, bytes, prefix);
  }

  /** Logs a supervisor notice, e.g. `starting supervised command`. */
  note(level: SyslogLevel, text: string): void {
    this.client.log(level, `${this.#prefix}${text}`);
  }

  /** Delivery counters. */
  stats(): SyslogStats {
    return this.client.stats();
  }

  /**
   * Flushes and closes the client.
   * @param timeoutMs how long to wait for queued messages @default 2000
   */
  close(timeoutMs?: number): Promise<SyslogStats> {
    return this.client.close(timeoutMs);
  }
}

/**
 * Opens the syslog client for a supervised jail.
 * @throws {ValidationError} `invalid facility 'x'`, `invalid level 'x'`, `invalid tag ''`, `invalid syslog target '…'`
 * @throws {JailError} `UNSUPPORTED` for a unix socket target without the unix-dgram addon
 */
export function createJailLog(subject: JailLogSubject, options: JailLogOptions = {}): JailLog {
  // Levels are checked before a socket is opened, so bad input leaves nothing behind.
  parseLevel(options.stdoutLevel ?? DEFAULT_STDOUT_LEVEL, 'stdoutLevel');
  parseLevel(options.stderrLevel ?? DEFAULT_STDERR_LEVEL, 'stderrLevel');
  return new JailLog(subject, createSyslogClient(options), options);
}
