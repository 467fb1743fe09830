import { type Backend, BackendError } from '@jails/core/backend';

/**
 * What `--backend netbsd` loads. The sysctl helper this backend drives is not
 * part of this version yet, so it says so instead of pretending.
 * @throws {BackendError} `BACKEND_UNAVAILABLE`, always, in this version
 */
export function createBackend(_options: { readonly prefix: string }): Backend {
  throw new BackendError({
    backend: 'netbsd',
    code: 'BACKEND_UNAVAILABLE',
    message:
      'the NetBSD backend is not available in this version (its security.models.jail helper is not built yet); use --backend sim',
  });
}
