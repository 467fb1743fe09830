import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import { EventEmitter } from 'eventemitter3';
import pRetry from 'p-retry';
import type { Backend, JailProcess, ProcessExit } from '../backend/backend.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { ValidationError } from '../errors/jail-error.js';
import type { SyslogLevel } from '../syslog/codes.js';
import {
  createJailLog,
  JailLog,
  type JailLogOptions,
  type JailLogSubject,
  type OutputStream,
} from '../syslog/jail-log.js';
import type { SyslogStats } from '../syslog/syslog-client.js';
import { type BackoffPolicy, backoffStep, DEFAULT_BACKOFF } from './backoff.js';
import type { SupervisorEvents } from './events.js';
import { describeExit, readLines } from './read-lines.js';
import { terminateRun } from './terminate.js';

/** Options of {@link createSupervisor}. */
export interface SupervisorOptions {
  /** The backend whose `spawnInJail` starts each run. */
  readonly backend: Backend;
  /** The jail (id and name, e.g. from `jails.resolve()`); the name is used in log lines. */
  readonly jail: JailLogSubject;
  /** The command and its arguments. */
  readonly argv: readonly string[];
  /** Environment of the workload. @default the supervisor's environment */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time source for backoff, run lengths and the grace period. @default systemClock */
  readonly clock?: Clock;
  /**
   * Syslog settings (facility, levels, tag, target), an open {@link JailLog}
   * (not closed by the supervisor), or `false` for no syslog (output is still
   * read, so the workload never blocks). @default {} — the host's socket, daemon, notice/err, tag jailctl
   */
  readonly syslog?: JailLogOptions | JailLog | false;
  /** Time between SIGTERM and SIGKILL at shutdown. @default 5000 */
  readonly graceMs?: number;
  /** Restart delays. @default {@link DEFAULT_BACKOFF} */
  readonly backoff?: Partial<BackoffPolicy>;
}

/** Lifecycle of a {@link Supervisor}. */
export type SupervisorState = 'idle' | 'running' | 'waiting' | 'stopping' | 'stopped';

/** Counters of a {@link Supervisor}. */
export interface SupervisorStats {
  readonly state: SupervisorState;
  /** Runs started so far (including failed starts). */
  readonly runs: number;
  /** The current workload's pid, while one runs. */
  readonly pid: number | undefined;
  /** Syslog delivery counters, when syslog is on. */
  readonly syslog: SyslogStats | undefined;
}

/** A finished run, carried through p-retry as the "failure" that triggers a restart. */
class RunEnded extends Error {
  constructor(readonly runMs: number) {
    super('supervised command ended');
  }
}

interface CurrentRun {
  readonly child: JailProcess;
  readonly streams: readonly Readable[];
  readonly ended: Promise<ProcessExit>;
}

const signalNumber = (signal: NodeJS.Signals): number => constants.signals[signal] ?? 0;

/**
 * Upstream's `jailctl supervise` loop as an SDK object: it runs one command
 * in a jail as the parent of the workload, restarts it whenever it ends (any
 * status) with backoff 1, 2, 4, 8, 10, 10, … s (reset after a run of ≥ 30 s),
 * forwards its output to syslog, and on {@link Supervisor.stop} sends SIGTERM
 * to the workload's process group, waits `graceMs`, then SIGKILL.
 *
 * Each run starts the command in its own session (`newSession`), stdin from
 * /dev/null, stdout and stderr piped; a run ends when **both** pipes are closed,
 * then the process is reaped. Output is always read, whatever syslog does.
 * Create one with {@link createSupervisor}; for a process that is the
 * supervisor (signals, pid file) use {@link runSupervisorForeground}.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> implements AsyncDisposable {
  /** The supervised jail. */
  readonly jail: JailLogSubject;
  /** The supervised command. */
  readonly argv: readonly string[];
  readonly #options: SupervisorOptions;
  readonly #clock: Clock;
  readonly #policy: BackoffPolicy;
  readonly #graceMs: number;
  readonly #log: JailLog | undefined;
  readonly #ownsLog: boolean;
  readonly #abort = new AbortController();
  #state: SupervisorState = 'idle';
  #runs = 0;
  #current: CurrentRun | undefined;
  #stopRequested = false;
  #resolveDone!: () => void;
  /** Settles when the supervisor has stopped (the workload is gone). Never rejects. */
  readonly done: Promise<void> = new Promise((resolve) => {
    this.#resolveDone = resolve;
  });

  /** @throws {ValidationError} for an empty argv or bad syslog settings */
  constructor(options: SupervisorOptions) {
    super();
    if (options.argv.length === 0 || options.argv.some((a) => typeof a !== 'string')) {
      throw new ValidationError('argv', 'supervise requires command [args...]', { operation: 'supervise' });
    }
    this.#options = options;
    this.jail = { id: options.jail.id, name: options.jail.name };
    this.argv = [...options.argv];
    this.#clock = options.clock ?? systemClock;
    this.#policy = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.#graceMs = options.graceMs ?? 5000;
    const syslog = options.syslog ?? {};
    this.#ownsLog = syslog !== false && !(syslog instanceof JailLog);
    this.#log =
      syslog === false ? undefined : syslog instanceof JailLog ? syslog : createJailLog(this.jail, syslog);
  }

  /** Where the supervisor is in its lifecycle. */
  get state(): SupervisorState {
    return this.#state;
  }

  /** Current counters. */
  stats(): SupervisorStats {
    return {
      state: this.#state,
      runs: this.#runs,
      pid: this.#current?.child.pid,
      syslog: this.#log?.stats(),
    };
  }

  /**
   * Starts supervising (idempotent). Returns at once; await {@link Supervisor.done}.
   * @returns this supervisor
   */
  start(): this {
    if (this.#state === 'idle' && !this.#stopRequested) {
      this.#state = 'running';
      void this.#loop();
    }
    return this;
  }

  /**
   * Requests shutdown: a waiting restart is cancelled; a running workload's
   * process group gets SIGTERM, then SIGKILL after `graceMs`.
   * @returns {@link Supervisor.done}
   */
  stop(): Promise<void> {
    if (this.#stopRequested || this.#state === 'stopped') return this.done;
    this.#stopRequested = true;
    this.#abort.abort();
    if (this.#state === 'idle') void this.#finish();
    else {
      this.#state = 'stopping';
      if (this.#current) void this.#terminate(this.#current);
    }
    return this.done;
  }

  /** Same as {@link Supervisor.stop}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  async #loop(): Promise<void> {
    let backoffMs = this.#policy.initialMs;
    try {
      await pRetry(
        async () => {
          const runMs = await this.#runOnce();
          if (!this.#stopRequested) throw new RunEnded(runMs);
        },
        {
          retries: Number.POSITIVE_INFINITY,
          minTimeout: 0,
          maxTimeout: 0,
          shouldRetry: () => !this.#stopRequested,
          // The delay lives here rather than in p-retry's timer so that it runs on the injected clock.
          onFailedAttempt: async ({ error }) => {
            if (this.#stopRequested) return;
            if (!(error instanceof RunEnded)) throw error;
            const step = backoffStep(backoffMs, error.runMs, this.#policy);
            backoffMs = step.nextMs;
            const seconds = Math.round(step.delayMs / 1000);
            this.#note('notice', `restarting supervised command in ${seconds} seconds`);
            this.#state = 'waiting';
            this.emit('supervisor:restarting', {
              ...this.#base(),
              delayMs: step.delayMs,
              run: this.#runs + 1,
            });
            await this.#clock.sleep(step.delayMs, this.#abort.signal).catch(() => {});
            if (!this.#stopRequested) this.#state = 'running';
          },
        },
      );
    } catch (error) {
      if (!(error instanceof RunEnded)) this.#note('err', `supervisor failed: ${(error as Error).message}`);
    }
    await this.#finish();
  }

  async #finish(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    if (this.#stopRequested && this.#runs > 0) this.#note('notice', 'supervise shutdown requested');
    if (this.#ownsLog) await this.#log?.close();
    this.emit('supervisor:stopped', { ...this.#base(), runs: this.#runs });
    this.#resolveDone();
  }

  /** One run: spawn, forward output until both pipes close, reap, log the outcome. @returns its length */
  async #runOnce(): Promise<number> {
    const run = ++this.#runs;
    const startedAt = this.#clock.now();
    this.#note('info', 'starting supervised command');
    let child: JailProcess;
    try {
      child = await this.#options.backend.spawnInJail(this.jail.id, this.argv, {
        ...(this.#options.env ? { env: this.#options.env } : {}),
        stdio: ['ignore', 'pipe', 'pipe'],
        newSession: true,
      });
    } catch (error) {
      this.#note('err', `cannot start supervised command: ${(error as Error).message}`);
      const runMs = this.#clock.now() - startedAt;
      this.emit('supervisor:exited', {
        ...this.#base(),
        pid: undefined,
        run,
        code: null,
        signal: null,
        error,
        runMs,
      });
      return runMs;
    }
    const streams = [child.stdout, child.stderr].filter((s): s is Readable => s !== null);
    const drained = Promise.all([this.#drain(child.stdout, 'stdout'), this.#drain(child.stderr, 'stderr')]);
    const current: CurrentRun = { child, streams, ended: drained.then(() => child.exited) };
    this.#current = current;
    this.emit('supervisor:started', { ...this.#base(), pid: child.pid, run });
    if (this.#stopRequested) void this.#terminate(current);
    const exit = await current.ended;
    this.#current = undefined;
    const runMs = this.#clock.now() - startedAt;
    this.#note(
      'warning',
      describeExit({ code: exit.code, signal: exit.signal === null ? null : signalNumber(exit.signal) }),
    );
    this.emit('supervisor:exited', {
      ...this.#base(),
      pid: child.pid,
      run,
      code: exit.code,
      signal: exit.signal,
      runMs,
    });
    return runMs;
  }

  #drain(stream: Readable | null, kind: OutputStream): Promise<void> {
    return readLines(stream, (line) => {
      this.#log?.line(kind, line);
      if (this.listenerCount('supervisor:output') > 0) {
        this.emit('supervisor:output', { jailId: this.jail.id, stream: kind, line: line.toString('utf8') });
      }
    });
  }

  #terminate(run: CurrentRun): Promise<void> {
    return terminateRun(run, { clock: this.#clock, graceMs: this.#graceMs });
  }

  #note(level: SyslogLevel, text: string): void {
    this.#log?.note(level, text);
  }

  #base() {
    return { jailId: this.jail.id, name: this.jail.name, atMs: this.#clock.now() };
  }
}

/**
 * Creates a supervisor (not yet started: call {@link Supervisor.start}).
 * @throws {ValidationError} `supervise requires command [args...]`, or bad syslog settings
 * @throws {JailError} `UNSUPPORTED` for a unix syslog socket without the unix-dgram addon
 * @example
 * const jail = await jails.resolve('web');
 * const sup = createSupervisor({ backend: jails.backend, jail, argv: ['/usr/libexec/httpd', '-f'] }).start();
 * sup.on('supervisor:restarting', (e) => console.log(`restart in ${e.delayMs} ms`));
 * await sup.stop();
 */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  return new Supervisor(options);
}
