import { join } from 'node:path';
import { defaultSimPrefix } from '@jails/core';

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
 * The state prefix the simulated backend uses when none is given:
 * `JAILS_PREFIX` when set, else the per-user directory every tool uses
 * (`defaultSimPrefix` of `@jails/core`), so that an unprivileged user never
 * needs `/var`.
 * @param env the environment to read @default process.env
 */
export function simPrefixFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.JAILS_PREFIX || defaultSimPrefix(env);
}
