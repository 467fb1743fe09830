import { BackendError } from '@jails/core/backend';

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST']);

/**
 * Turns an `fs` failure on the state directory into a `BackendError` that says
 * what to do: `BACKEND_UNAVAILABLE` when the prefix cannot hold state
 * (permissions, read-only file system, a file where a directory belongs),
 * `BACKEND_FAILED` otherwise (disk full, I/O error).
 * @internal
 */
export function stateFsError(e: unknown, operation: string, path: string): BackendError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  const reason = (e as Error).message ?? String(e);
  if (UNWRITABLE.has(code)) {
    return new BackendError({
      backend: 'sim',
      code: 'BACKEND_UNAVAILABLE',
      operation,
      message: `cannot ${operation} ${path} (${code}): the state prefix is not writable; set JAILS_PREFIX to a directory you can write (${reason})`,
      cause: e,
    });
  }
  return new BackendError({
    backend: 'sim',
    operation,
    message: `cannot ${operation} ${path}: ${reason}`,
    cause: e,
  });
}
