import { EventEmitter } from 'eventemitter3';
import pRetry, { AbortError } from 'p-retry';
import type { Backend, BackendProbe, JailProcess, SpawnOptions } from '../backend/backend.js';
import { type Clock, systemClock } from '../clock/clock.js';
import { JailError, NotFoundError, ValidationError } from '../errors/jail-error.js';
import type { JailInfo } from '../jails/jail-info.js';
import { type JailId, type JailSpec, toCreateRequest } from '../jails/jail-spec.js';
import { type JailTarget, parseJailTarget, targetNotFoundMessage } from '../jails/target.js';
import { assertValidJailSpec } from '../jails/validate.js';
import type { JailEvents } from './events.js';

/** Options of {@link createJails}. */
export interface JailsOptions {
  /** The backend to drive, e.g. `createSimBackend()` or `createNetbsdBackend()`. */
  readonly backend: Backend;
  /** How often a call that failed with a retryable error is retried. @default 2 */
  readonly retries?: number;
  /** Delay before the first retry, doubling after each. @default 50 */
  readonly retryDelayMs?: number;
  /** Source of event timestamps. @default systemClock */
  readonly clock?: Clock;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call (and its retries). */
  readonly signal?: AbortSignal;
}

/** A `<jail-id|name>` reference: a number is an id, a string is parsed like upstream's jailctl. */
export type JailRef = JailId | string | JailTarget;

const toTarget = (ref: JailRef): JailTarget =>
  typeof ref === 'number' ? { kind: 'id', id: ref } : typeof ref === 'string' ? parseJailTarget(ref) : ref;

/**
 * The client facade applications use. It validates input before the backend
 * is touched, resolves `<jail-id|name>` targets, retries only errors marked
 * retryable, emits typed events, and disposes the backend with `await using`.
 * Create one with {@link createJails}.
 */
export class Jails extends EventEmitter<JailEvents> implements AsyncDisposable {
  /** The backend this client drives. */
  readonly backend: Backend;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #clock: Clock;
  #disposed = false;

  constructor(options: JailsOptions) {
    super();
    if (options.backend?.specVersion !== 1) {
      throw new JailError(
        'PROTOCOL_MISMATCH',
        `backend speaks SPI version ${String(options.backend?.specVersion)}, expected 1`,
      );
    }
    this.backend = options.backend;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 50;
    this.#clock = options.clock ?? systemClock;
  }

  /** Reports whether the backend is usable. */
  probe(options: CallOptions = {}): Promise<BackendProbe> {
    return this.#call('probe', options, () => this.backend.probe(options));
  }

  /**
   * Creates a jail. The spec is validated first (every kernel rule and the
   * SDK's stricter ones); limits given as 0 mean unlimited.
   * @throws {ValidationError} naming the field at fault
   * @throws {JailError} `ALREADY_EXISTS` (EEXIST) for a live name or a port reserved by another jail
   */
  async create(spec: JailSpec, options: CallOptions = {}): Promise<JailInfo> {
    assertValidJailSpec(spec);
    const request = toCreateRequest(spec);
    const jail = await this.#call('create', options, () => this.backend.createJail(request, options));
    this.emit('jail:created', { jailId: jail.id, jail, atMs: this.#clock.now() });
    return jail;
  }

  /** Every jail, newest first. */
  list(options: CallOptions = {}): Promise<readonly JailInfo[]> {
    return this.#call('list', options, () => this.backend.listJails(options));
  }

  /** The jail `ref` names, or `undefined`. */
  async get(ref: JailRef, options: CallOptions = {}): Promise<JailInfo | undefined> {
    const target = toTarget(ref);
    const jails = await this.list(options);
    return jails.find((j) => (target.kind === 'id' ? j.id === target.id : j.name === target.name));
  }

  /**
   * The jail `ref` names.
   * @throws {NotFoundError} with upstream's message: `jail 3 not found` / `jail 'web' not found`
   */
  async resolve(ref: JailRef, options: CallOptions = {}): Promise<JailInfo> {
    const jail = await this.get(ref, options);
    if (!jail) throw new NotFoundError(targetNotFoundMessage(toTarget(ref)), { operation: 'resolve' });
    return jail;
  }

  /**
   * Destroys the jail `ref` names.
   * @returns the jail as it was just before
   * @throws {JailError} `BUSY` (EBUSY) while the jail has live or zombie members
   */
  async destroy(ref: JailRef, options: CallOptions = {}): Promise<JailInfo> {
    const jail = await this.resolve(ref, options);
    await this.#call('destroy', options, () => this.backend.destroyJail(jail.id, options));
    this.emit('jail:destroyed', { jailId: jail.id, name: jail.name, atMs: this.#clock.now() });
    return jail;
  }

  /**
   * Starts `argv` inside the jail `ref` names.
   * @throws {ValidationError} for an empty argv
   */
  async spawn(
    ref: JailRef,
    argv: readonly string[],
    spawnOptions: SpawnOptions = {},
    options: CallOptions = {},
  ): Promise<JailProcess> {
    if (argv.length === 0 || argv.some((a) => typeof a !== 'string')) {
      throw new ValidationError('argv', 'argv: a command is required (a non-empty list of strings)', {
        operation: 'spawn',
      });
    }
    const jail = await this.resolve(ref, options);
    const child = await this.#call('spawn', options, () =>
      this.backend.spawnInJail(jail.id, argv, spawnOptions, options),
    );
    this.emit('jail:spawned', { jailId: jail.id, pid: child.pid, argv: [...argv], atMs: this.#clock.now() });
    return child;
  }

  /** Releases the backend. Further calls fail. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.removeAllListeners();
    await this.backend.dispose();
  }

  /** Same as {@link Jails.dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #call<T>(operation: string, options: CallOptions, op: () => Promise<T>): Promise<T> {
    if (this.#disposed) {
      return Promise.reject(
        new JailError('BACKEND_UNAVAILABLE', `${operation}: the jails client was disposed`),
      );
    }
    return pRetry(
      async () => {
        try {
          return await op();
        } catch (error) {
          throw JailError.is(error) && error.retryable ? error : new AbortError(error as Error);
        }
      },
      {
        retries: this.#retries,
        minTimeout: this.#retryDelayMs,
        factor: 2,
        randomize: false,
        ...(options.signal ? { signal: options.signal } : {}),
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft > 0)
            this.emit('call:retrying', { operation, attempt: attemptNumber, error, atMs: this.#clock.now() });
        },
      },
    ).catch((error: unknown) => {
      // p-retry wraps non-Error throwables; hand back what the backend threw.
      throw error instanceof AbortError ? (error.cause ?? error) : error;
    });
  }
}

/**
 * Creates the client facade over a backend.
 * @example
 * await using jails = createJails({ backend: createSimBackend() });
 * const web = await jails.create({ name: 'web', root: '/var/jailmgr/jails/web/root' });
 */
export function createJails(options: JailsOptions): Jails {
  return new Jails(options);
}
