import { type BackendChoice, type BackendChoiceOptions, type Jails, openJails } from '@jails/core';
import { importBackendModule } from './backends.js';

/**
 * Opens the SDK client the way every jailctl command does: `openJails` with
 * the backends bundled into jailctl. Loaded lazily by {@link CliContext}, so
 * that the client and the backend cost nothing until a command needs them.
 */
export function openCliJails(
  options: BackendChoiceOptions,
): Promise<{ jails: Jails; choice: BackendChoice }> {
  return openJails({ ...options, importModule: importBackendModule });
}
