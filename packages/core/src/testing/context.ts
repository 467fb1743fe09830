import { expect } from 'vitest';
import type { Backend, BackendCapabilities, JailProcess } from '../backend/backend.js';
import type { ErrnoName } from '../errors/errno.js';
import { JailError } from '../errors/jail-error.js';
import type { JailInfo } from '../jails/jail-info.js';
import type { JailCreateRequest, JailId } from '../jails/jail-spec.js';

/** What the suite needs to know about the host a backend runs on. */
export interface ConformanceFixtures {
  /** A root directory for a test jail (it need not exist for the kernel). @default `/var/empty/<name>`-like path under /tmp */
  readonly rootFor?: (name: string) => string;
  /** A command that stays alive until killed, valid inside the jail root. @default ['/bin/sleep', '600'] */
  readonly sleepArgv?: readonly string[];
  /** Prefix of every jail name the suite creates, so it can share a live kernel. @default 'cf' */
  readonly namePrefix?: string;
}

/** The context a conformance check runs in: a fresh backend and tracked resources. */
export class ConformanceContext {
  readonly #created = new Set<JailId>();
  readonly #processes: JailProcess[] = [];
  #seq = 0;

  constructor(
    readonly backend: Backend,
    readonly fixtures: Required<ConformanceFixtures>,
  ) {}

  /** The backend's declared capabilities. */
  get capabilities(): BackendCapabilities {
    return this.backend.capabilities;
  }

  /** A fresh jail name unique within this run. */
  name(label = 'j'): string {
    this.#seq += 1;
    return `${this.fixtures.namePrefix}-${label}-${process.pid}-${this.#seq}`;
  }

  /** A valid request for a fresh jail, with `overrides` applied. */
  request(overrides: Partial<JailCreateRequest> = {}): JailCreateRequest {
    const name = overrides.name ?? this.name();
    return { name, root: this.fixtures.rootFor(name), ...overrides };
  }

  /** Creates a jail and remembers it for clean-up. */
  async create(overrides: Partial<JailCreateRequest> = {}): Promise<JailInfo> {
    const jail = await this.backend.createJail(this.request(overrides));
    this.#created.add(jail.id);
    return jail;
  }

  /** Destroys a jail created through this context. */
  async destroy(id: JailId): Promise<void> {
    await this.backend.destroyJail(id);
    this.#created.delete(id);
  }

  /** Starts the long-running fixture command in a jail. */
  async spawnSleeper(id: JailId): Promise<JailProcess> {
    const child = await this.backend.spawnInJail(id, this.fixtures.sleepArgv, { stdio: 'ignore', newSession: true });
    this.#processes.push(child);
    return child;
  }

  /** The jails the backend lists that this context created, newest first. */
  async ownJails(): Promise<JailInfo[]> {
    return (await this.backend.listJails()).filter((j) => this.#created.has(j.id));
  }

  /** Kills what was spawned and destroys what was created; then disposes the backend. */
  async cleanup(): Promise<void> {
    for (const child of this.#processes) {
      child.kill('SIGKILL', { group: true });
      await child.exited;
    }
    for (const id of this.#created) {
      await this.backend.destroyJail(id).catch(() => undefined);
    }
    await this.backend.dispose();
  }
}

/** Asserts that `promise` rejects with a {@link JailError} carrying `errno`. */
export async function expectErrno(promise: Promise<unknown>, errno: ErrnoName): Promise<JailError> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected the call to fail with ${errno}`).toBeDefined();
  expect(JailError.is(error), `expected a JailError, got ${String(error)}`).toBe(true);
  expect((error as JailError).errno).toBe(errno);
  return error as JailError;
}
