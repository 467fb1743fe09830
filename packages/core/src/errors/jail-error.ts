import { ERRNO_TABLE, type ErrnoName, type JailErrorCode } from './errno.js';

const MARK: unique symbol = Symbol.for('@jails/core.JailError') as never;

/** Options shared by every {@link JailError}. */
export interface JailErrorOptions {
  /** The errno the kernel (or simulated kernel) reported, when there is one. */
  errno?: ErrnoName;
  /** The operation that failed, e.g. `create`, `destroy`, `spawn`, `bind`. */
  operation?: string;
  /** The input field or argument at fault, e.g. `limits.cpuPeriodMicros`. */
  field?: string;
  /** Whether retrying the same call may succeed. @default false */
  retryable?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type of the SDK. Every failure the SDK or a backend reports is
 * a `JailError` (or a subclass) with a stable string {@link JailError.code}.
 * Use {@link JailError.is} rather than `instanceof` so that errors from another
 * copy of the package (another realm or bundle) are recognised too.
 */
export class JailError extends Error {
  /** @internal */
  readonly [MARK] = true;
  /** Stable classification of the failure. */
  readonly code: JailErrorCode;
  /** errno name, when the failure came from the (simulated) kernel. */
  readonly errno: ErrnoName | undefined;
  /** NetBSD errno number matching {@link JailError.errno}. */
  readonly errnoNumber: number | undefined;
  /** The operation that failed. */
  readonly operation: string | undefined;
  /** The input field or argument at fault. */
  readonly field: string | undefined;
  /** Whether the client facade may retry the call. */
  readonly retryable: boolean;

  constructor(code: JailErrorCode, message: string, options: JailErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.errno = options.errno;
    this.errnoNumber = options.errno === undefined ? undefined : ERRNO_TABLE[options.errno].number;
    this.operation = options.operation;
    this.field = options.field;
    this.retryable = options.retryable ?? false;
  }

  /** True for any `JailError`, from any copy of this package. */
  static is(value: unknown): value is JailError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARK] === true;
  }

  /** True when `value` is a `JailError` carrying this errno. */
  static hasErrno(value: unknown, errno: ErrnoName): value is JailError {
    return JailError.is(value) && value.errno === errno;
  }
}

/** Input rejected before (or by) the kernel: the field and the reason are named. */
export class ValidationError extends JailError {
  constructor(field: string, message: string, options: Omit<JailErrorOptions, 'field'> = {}) {
    super('INVALID_ARGUMENT', message, { errno: 'EINVAL', ...options, field });
  }
}

/** A jail (or process) that the caller named does not exist. */
export class NotFoundError extends JailError {
  constructor(message: string, options: JailErrorOptions = {}) {
    super('NOT_FOUND', message, { errno: 'ENOENT', ...options });
  }
}

/** The backend does not declare the capability an operation needs. */
export class UnsupportedError extends JailError {
  /** The feature that is missing, e.g. `spawnInJail`. */
  readonly feature: string;
  /** The backend's name. */
  readonly backend: string;
  constructor(options: { feature: string; backend: string; cause?: unknown }) {
    super('UNSUPPORTED', `the ${options.backend} backend does not support ${options.feature}`, {
      cause: options.cause,
    });
    this.feature = options.feature;
    this.backend = options.backend;
  }
}

/** A backend failed for a reason other than a kernel errno (helper crash, bad state, I/O). */
export class BackendError extends JailError {
  /** The backend's name. */
  readonly backend: string;
  constructor(options: {
    backend: string;
    message: string;
    code?: JailErrorCode;
    operation?: string;
    retryable?: boolean;
    cause?: unknown;
  }) {
    super(options.code ?? 'BACKEND_FAILED', `[jails:${options.backend}] ${options.message}`, options);
    this.backend = options.backend;
  }
}

/**
 * Builds the error for an errno reported by the (simulated) kernel.
 * The code comes from {@link ERRNO_TABLE}; the message names the operation
 * and, when given, explains the cause in operator terms.
 * @example errnoError('EEXIST', { operation: 'create', detail: "name already exists: web" })
 */
export function errnoError(
  errno: ErrnoName,
  options: { operation?: string; detail?: string; field?: string; cause?: unknown } = {},
): JailError {
  const row = ERRNO_TABLE[errno];
  const text = options.detail ?? row.text;
  const message = options.operation ? `${options.operation}: ${text}` : text;
  if (errno === 'EINVAL' && options.field !== undefined) {
    return new ValidationError(options.field, message, {
      operation: options.operation,
      cause: options.cause,
    });
  }
  return new JailError(row.code, message, { ...options, errno });
}
