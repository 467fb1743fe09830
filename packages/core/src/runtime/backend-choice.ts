import { homedir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../errors/jail-error.js';

/** Backends the tools know by name. */
export const BACKEND_NAMES = ['netbsd', 'sim'] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Which backend to use, where that choice came from, and what to tell the operator. */
export interface BackendChoice {
  /** The chosen backend. */
  readonly name: BackendName;
  /** `flag` (`--backend`), `env` (`JAILS_BACKEND`) or the platform `default`. */
  readonly source: 'flag' | 'env' | 'default';
  /** The state prefix the backend works under (`JAILS_PREFIX`, or the backend's default). */
  readonly prefix: string;
  /**
   * A one-line notice for stderr when the simulated backend was chosen by
   * default, so nobody mistakes it for kernel isolation.
   */
  readonly notice?: string;
}

/** Inputs of {@link chooseBackend}; each defaults to this process's. */
export interface BackendChoiceOptions {
  /** The `--backend` option, when given. */
  readonly flag?: string;
  /** Environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Operating system. @default process.platform */
  readonly platform?: string;
  /** The tool asking, used in the notice. @default 'jails' */
  readonly tool?: string;
}

/**
 * The default state prefix of the simulated backend: a per-user directory
 * (`$XDG_STATE_HOME/jails-sim`, else `~/.local/state/jails-sim`), so trying
 * the tools never writes to the real `/etc` or `/var`.
 */
export function defaultSimPrefix(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'jails-sim');
}

/**
 * Chooses the backend as every tool does: `--backend`, else `JAILS_BACKEND`,
 * else `netbsd` on NetBSD and `sim` elsewhere (with a notice). The prefix is
 * `JAILS_PREFIX`, else `/` for netbsd and {@link defaultSimPrefix} for sim.
 * @throws {ValidationError} for a backend name that is not netbsd or sim
 */
export function chooseBackend(options: BackendChoiceOptions = {}): BackendChoice {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const fromEnv = env.JAILS_BACKEND || undefined; // set but empty counts as unset, as in sh
  const given = options.flag ?? fromEnv;
  const source = options.flag !== undefined ? 'flag' : fromEnv !== undefined ? 'env' : 'default';
  const name = given ?? (platform === 'netbsd' ? 'netbsd' : 'sim');
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    const where = source === 'flag' ? '--backend' : 'JAILS_BACKEND';
    throw new ValidationError(
      'backend',
      `${where}: unknown backend '${name}' (expected ${BACKEND_NAMES.join('|')})`,
    );
  }
  const prefix = env.JAILS_PREFIX || (name === 'netbsd' ? '/' : defaultSimPrefix(env));
  const tool = options.tool ?? 'jails';
  const notice =
    source === 'default' && name === 'sim'
      ? `${tool}: not NetBSD: using the simulated backend (state in ${prefix}); processes are not isolated by a kernel`
      : undefined;
  return { name: name as BackendName, source, prefix, ...(notice ? { notice } : {}) };
}

/**
 * Where the tools keep supervisor records under a state prefix
 * (`<prefix>/var/run/jails`), so that `jailctl supervise` writes them where
 * `jailmgr stop` and {@link findSupervisor} look.
 */
export function supervisorStateDir(prefix: string): string {
  return join(prefix, 'var', 'run', 'jails');
}
