import { expect } from 'vitest';
import type { Backend, BackendCapabilities, JailProcess } from '../backend/backend.js';
import type { ActorCred, BackendSyscalls, SyscallAction, SyscallOutcome } from '../backend/syscalls.js';
import type { ErrnoName } from '../errors/errno.js';
import { JailError, UnsupportedError } from '../errors/jail-error.js';
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
  readonly #forked: number[] = [];
  #hostRoot: number | undefined;
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
    const child = await this.backend.spawnInJail(id, this.fixtures.sleepArgv, {
      stdio: 'ignore',
      newSession: true,
    });
    this.#processes.push(child);
    return child;
  }

  /** The backend's syscalls. @throws {UnsupportedError} when the backend declares no `syscalls` capability */
  get syscalls(): BackendSyscalls {
    const syscalls = this.backend.syscalls;
    if (!this.capabilities.syscalls || !syscalls) {
      throw new UnsupportedError({ feature: 'syscalls', backend: this.backend.name });
    }
    return syscalls;
  }

  /** Starts an actor with credential `cred` (see {@link BackendSyscalls.spawnActor}). @returns its pid */
  async actor(cred: ActorCred): Promise<number> {
    const child = await this.syscalls.spawnActor(cred);
    this.#processes.push(child);
    return child.pid;
  }

  /** A host-root actor, started once per context. @returns its pid */
  async hostRoot(): Promise<number> {
    this.#hostRoot ??= await this.actor({ uid: 0, jid: 0 });
    return this.#hostRoot;
  }

  /** Performs `action` as process `pid`; children it forks are killed at clean-up. */
  async act<A extends SyscallAction>(pid: number, action: A): Promise<SyscallOutcome<A['kind']>> {
    const outcome = await this.syscalls.act(pid, action);
    if (action.kind === 'fork' && outcome.ok) this.#forked.push(outcome.value as number);
    return outcome;
  }

  /**
   * Performs `action` as `pid` and asserts the caller sees `expected`:
   * `'ok'` or the errno.
   * @returns the outcome's value on success
   */
  async expectAct<A extends SyscallAction>(
    pid: number,
    action: A,
    expected: 'ok' | ErrnoName,
    label = '',
  ): Promise<SyscallOutcome<A['kind']>> {
    const outcome = await this.act(pid, action);
    const seen = outcome.ok ? 'ok' : outcome.errno;
    expect(seen, `${label ? `${label}: ` : ''}${describeAction(action)} as pid ${pid}`).toBe(expected);
    return outcome;
  }

  /** Forks `pid` and returns the child's pid, asserting success. */
  async fork(pid: number): Promise<number> {
    const outcome = await this.expectAct(pid, { kind: 'fork' }, 'ok');
    return (outcome as { value: number }).value;
  }

  /** The jail `id` as the backend lists it now. */
  async info(id: JailId): Promise<JailInfo> {
    const jail = (await this.backend.listJails()).find((j) => j.id === id);
    expect(jail, `jail ${id} is listed`).toBeDefined();
    return jail as JailInfo;
  }

  /** Moves the backend's clock (capability `injectableClock`). */
  async advance(ms: number): Promise<void> {
    const hook = this.backend.testHooks?.advanceClockMs;
    if (!this.capabilities.injectableClock || !hook) {
      throw new UnsupportedError({ feature: 'advanceClockMs', backend: this.backend.name });
    }
    await hook(ms);
  }

  /** The jails the backend lists that this context created, newest first. */
  async ownJails(): Promise<JailInfo[]> {
    return (await this.backend.listJails()).filter((j) => this.#created.has(j.id));
  }

  /** Kills what was spawned and destroys what was created; then disposes the backend. */
  async cleanup(): Promise<void> {
    if (this.#forked.length > 0 && this.backend.syscalls) {
      const root = await this.hostRoot().catch(() => undefined);
      for (const pid of this.#forked) {
        if (root === undefined) break;
        await this.backend.syscalls.act(root, { kind: 'signal', pid, signal: 9 }).catch(() => undefined);
      }
    }
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

/** A short description of an action for assertion messages. */
export function describeAction(action: SyscallAction): string {
  const { kind, ...rest } = action;
  const args = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  return args ? `${kind} ${args}` : kind;
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
