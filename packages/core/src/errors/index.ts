export {
  ERRNO_TABLE,
  type ErrnoName,
  type ErrnoRow,
  errnoNameOf,
  isErrnoName,
  type JailErrorCode,
  strerror,
} from './errno.js';
export {
  BackendError,
  errnoError,
  JailError,
  type JailErrorOptions,
  NotFoundError,
  UnsupportedError,
  ValidationError,
} from './jail-error.js';
