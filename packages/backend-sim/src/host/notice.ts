import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { simStatePath } from '../store/paths.js';

/**
 * What the simulated backend's host driver does not do, in one paragraph for
 * operators. Reported by `probe()` and, once per state prefix, by
 * {@link takeHostSimNotice}.
 */
export const HOST_SIM_NOTICE =
  'simulated jails: workloads run as ordinary host processes and are NOT isolated the way the NetBSD ' +
  'kernel isolates them (no chroot, no policy on signals, process visibility, binds or system calls). ' +
  'Per-process fd and memory ceilings are enforced as rlimits and CPU quota by stopping members while a ' +
  'supervising process runs; process counts and reserved-port binds are only observed and reported.';

const MARKER = 'notice-shown';

/**
 * Returns {@link HOST_SIM_NOTICE} the first time it is called for a state
 * prefix and undefined afterwards (a marker file beside the state file
 * remembers), so a CLI can print it once per user rather than on every
 * command. When the marker cannot be written the notice is returned every time.
 * @param prefix the state prefix
 */
export function takeHostSimNotice(prefix: string): string | undefined {
  const marker = join(dirname(simStatePath(prefix)), MARKER);
  try {
    mkdirSync(dirname(marker), { recursive: true, mode: 0o700 });
    closeSync(openSync(marker, 'wx', 0o600));
    return HOST_SIM_NOTICE;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EEXIST' ? undefined : HOST_SIM_NOTICE;
  }
}
