import type { BackendModuleOptions } from '@jails/core';
import { createHostSimBackend, type HostSimBackend } from './host-backend.js';

/**
 * The backend the command-line tools load by name (`--backend sim`): the
 * simulated kernel persisted under the state prefix, with workloads run as
 * real host processes. Library tests usually want {@link createSimBackend}
 * (virtual processes) instead.
 */
export function createBackend(options: BackendModuleOptions): HostSimBackend {
  return createHostSimBackend({ prefix: options.prefix });
}
