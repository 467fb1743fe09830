import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the simulated kernel's state file lives, relative to the state prefix. */
export const SIM_STATE_RELATIVE_PATH = 'var/db/jails-sim/kernel.json';

/**
 * The state file of the simulated kernel under `prefix`.
 * @example simStatePath('/tmp/p') // '/tmp/p/var/db/jails-sim/kernel.json'
 */
export function simStatePath(prefix: string): string {
  return join(prefix, SIM_STATE_RELATIVE_PATH);
}

/**
 * The state prefix the simulated backend uses when none is given: `JAILS_PREFIX`
 * when set, else a per-user state directory (`$XDG_STATE_HOME/jails`, falling
 * back to `~/.local/state/jails`), so that an unprivileged user never needs
 * `/var`.
 * @param env the environment to read @default process.env
 */
export function defaultSimPrefix(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.JAILS_PREFIX) return env.JAILS_PREFIX;
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(stateHome, 'jails');
}
