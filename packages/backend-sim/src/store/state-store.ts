import { accessSync, constants, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackendError } from '@jails/core/backend';
import lockfile from 'proper-lockfile';
import { removeStaleTemps, writeFileAtomicSync } from './atomic-write.js';
import { stateFsError } from './fs-errors.js';
import { simPrefixFromEnv, simStatePath } from './paths.js';
import {
  initialSimStateDocument,
  parseSimState,
  type SimStateDocument,
  serializeSimState,
} from './state-file.js';

/** Options of {@link createSimStateStore}. */
export interface SimStateStoreOptions {
  /** The state prefix; the file is `<prefix>/var/db/jails-sim/kernel.json`. @default simPrefixFromEnv() */
  readonly prefix?: string;
  /**
   * Age after which a lock whose holder stopped refreshing it (killed) is taken
   * over. proper-lockfile's minimum is 2000.
   * @default 10_000
   */
  readonly staleLockMs?: number;
}

/** What {@link SimStateStore.recover} did. */
export interface SimStateRecovery {
  /** Where the unreadable (or, with `force`, the current) file was moved; undefined when nothing was moved. */
  readonly movedTo: string | undefined;
}

/**
 * The simulated kernel's state file, shared by every process that uses the
 * same prefix. Updates run under an exclusive lock (proper-lockfile) and
 * replace the file atomically, so concurrent processes never lose an update
 * and a killed writer never leaves a torn file.
 */
export interface SimStateStore {
  /** The state prefix. */
  readonly prefix: string;
  /** The state file. */
  readonly path: string;
  /**
   * Reads the current state without locking (the file is only ever replaced
   * whole). A missing file reads as an empty kernel; nothing is created.
   * @throws {BackendError} `STATE_CORRUPT`, `PROTOCOL_MISMATCH`, or `BACKEND_UNAVAILABLE` when unreadable
   */
  read(): SimStateDocument;
  /** {@link SimStateStore.read}, with the file's text (undefined when there is no file). */
  readWithText(): { readonly doc: SimStateDocument; readonly text: string | undefined };
  /**
   * Lock → read → `mutate` → atomic replace (only if something changed) → unlock.
   * If `mutate` throws, nothing is written and the error propagates.
   * @throws {BackendError} as {@link SimStateStore.read}; `BACKEND_UNAVAILABLE` when the
   *   prefix is not writable; `BACKEND_FAILED` (retryable) when the lock stays held
   */
  update<T>(mutate: (doc: SimStateDocument) => T | Promise<T>): Promise<T>;
  /**
   * {@link SimStateStore.update}, blocking; for synchronous callers such as
   * test hooks. Do not call it while an async update of this store is in
   * flight: it would wait (blocking the event loop) for a lock this process holds.
   * @throws {BackendError} as {@link SimStateStore.update}
   */
  updateSync<T>(mutate: (doc: SimStateDocument) => T): T;
  /**
   * Makes an unreadable state file usable again: moves it aside to
   * `<file>.corrupt-<time>` (kept for inspection) so the next operation starts
   * an empty kernel. A readable file is left alone unless `force` is set.
   * @throws {BackendError} `BACKEND_UNAVAILABLE` when the prefix is not writable
   */
  recover(options?: { readonly force?: boolean }): Promise<SimStateRecovery>;
  /** Why the prefix cannot hold state (creating it if missing), or undefined when it can. */
  writableProblem(): string | undefined;
}

const MIN_STALE_MS = 2000;
const RETRY_MAX_MS = 100;

/**
 * Opens the state store under a prefix. Nothing is touched until the first
 * update (which creates missing directories).
 * @example
 * const store = createSimStateStore({ prefix: '/tmp/jails' });
 * const id = await store.update((doc) => new SimKernel({ state: doc.kernel }).create(HOST_ROOT, request).id);
 */
export function createSimStateStore(options: SimStateStoreOptions = {}): SimStateStore {
  const prefix = options.prefix ?? simPrefixFromEnv();
  const path = simStatePath(prefix);
  const dir = dirname(path);
  const staleMs = Math.max(MIN_STALE_MS, options.staleLockMs ?? 10_000);
  // waiting out a dead holder's lock (staleMs) must fit in the retry budget
  const retries = Math.ceil((staleMs * 1.5) / RETRY_MAX_MS) + 20;
  let compromised: Error | undefined;
  const lockOptions = {
    realpath: false,
    stale: staleMs,
    update: Math.floor(staleMs / 2),
    onCompromised: (e: Error) => {
      compromised = e;
    },
  };
  let queue: Promise<unknown> = Promise.resolve();

  const readText = (): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw stateFsError(e, 'read', path);
    }
  };
  const read = (): SimStateDocument => {
    const text = readText();
    return text === undefined ? initialSimStateDocument() : parseSimState(text, path);
  };
  const ensureDir = () => {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw stateFsError(e, 'create the state directory', dir);
    }
  };
  const lockError = (e: unknown): BackendError => {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') return stateFsError(e, 'lock', `${path}.lock`);
    return new BackendError({
      backend: 'sim',
      operation: 'lock state',
      retryable: true,
      message: `the simulated kernel state ${path} stayed locked by another process (lock ${path}.lock)`,
      cause: e,
    });
  };
  // everything between lock and unlock; `mutate` may be async
  const commit = async <T>(mutate: (doc: SimStateDocument) => T | Promise<T>): Promise<T> => {
    const doc = read();
    const before = serializeSimState(doc);
    const result = await mutate(doc);
    const after = serializeSimState(doc);
    if (after !== before) write(after);
    return result;
  };
  const write = (text: string) => {
    if (compromised) {
      throw new BackendError({
        backend: 'sim',
        operation: 'write state',
        retryable: true,
        message: `lost the lock on ${path} while updating it; nothing was written`,
        cause: compromised,
      });
    }
    try {
      removeStaleTemps(path);
      writeFileAtomicSync(path, text);
    } catch (e) {
      throw stateFsError(e, 'write', path);
    }
  };

  const locked = async <T>(body: () => Promise<T>): Promise<T> => {
    ensureDir();
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(path, {
        ...lockOptions,
        retries: { retries, minTimeout: 2, maxTimeout: RETRY_MAX_MS, factor: 1.5, randomize: true },
      });
    } catch (e) {
      throw lockError(e);
    }
    compromised = undefined;
    try {
      return await body();
    } finally {
      await release().catch(() => undefined);
    }
  };
  // one update at a time per store: the lock is per process, so in-process callers queue instead of spinning
  const serial = <T>(body: () => Promise<T>): Promise<T> => {
    const run = queue.then(body, body);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    prefix,
    path,
    read,
    readWithText() {
      const text = readText();
      return { doc: text === undefined ? initialSimStateDocument() : parseSimState(text, path), text };
    },
    update: (mutate) => serial(() => locked(() => commit(mutate))),
    updateSync(mutate) {
      ensureDir();
      const release = lockSyncWithRetry(path, lockOptions, staleMs * 1.5, lockError);
      compromised = undefined;
      try {
        const doc = read();
        const before = serializeSimState(doc);
        const result = mutate(doc);
        const after = serializeSimState(doc);
        if (after !== before) write(after);
        return result;
      } finally {
        release();
      }
    },
    recover: ({ force = false } = {}) =>
      serial(() =>
        locked(async () => {
          if (readText() === undefined) return { movedTo: undefined };
          if (!force) {
            try {
              read();
              return { movedTo: undefined };
            } catch (e) {
              if (!BackendError.is(e) || e.code === 'BACKEND_UNAVAILABLE') throw e;
            }
          }
          const movedTo = `${path}.corrupt-${new Date().toISOString().replaceAll(':', '')}`;
          try {
            renameSync(path, movedTo);
          } catch (e) {
            throw stateFsError(e, 'move aside', path);
          }
          return { movedTo };
        }),
      ),
    writableProblem() {
      try {
        ensureDir();
        accessSync(dir, constants.W_OK);
        return undefined;
      } catch (e) {
        return BackendError.is(e) ? e.message : stateFsError(e, 'write', dir).message;
      }
    },
  };
}

function lockSyncWithRetry(
  path: string,
  options: lockfile.LockOptions,
  budgetMs: number,
  toError: (e: unknown) => BackendError,
): () => void {
  const deadline = Date.now() + budgetMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let delay = 2; ; delay = Math.min(RETRY_MAX_MS, delay * 1.5)) {
    try {
      return lockfile.lockSync(path, options);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) throw toError(e);
    }
    Atomics.wait(pause, 0, 0, delay);
  }
}
