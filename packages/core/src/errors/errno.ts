/**
 * The errno values the jail kernel interface and its policy produce, with
 * NetBSD's numbers (`<sys/errno.h>`), and the one table that classifies them.
 */

/** Error codes of {@link JailError}: a stable string per failure kind. */
export type JailErrorCode =
  | 'PERMISSION_DENIED'
  | 'NO_SUCH_PROCESS'
  | 'ACCESS_DENIED'
  | 'ALREADY_EXISTS'
  | 'NOT_FOUND'
  | 'BUSY'
  | 'INVALID_ARGUMENT'
  | 'TRY_AGAIN'
  | 'OUT_OF_MEMORY'
  | 'TOO_MANY_FILES'
  | 'NO_BUFFER_SPACE'
  | 'OVERFLOW'
  | 'BAD_FILE_DESCRIPTOR'
  | 'NO_CHILD'
  | 'UNSUPPORTED'
  | 'BACKEND_FAILED'
  | 'BACKEND_UNAVAILABLE'
  | 'PROTOCOL_MISMATCH'
  | 'STATE_CORRUPT';

/** errno names that the jail interface can report. */
export type ErrnoName =
  | 'EPERM'
  | 'ENOENT'
  | 'ESRCH'
  | 'EBADF'
  | 'ECHILD'
  | 'ENOMEM'
  | 'EACCES'
  | 'EBUSY'
  | 'EEXIST'
  | 'EINVAL'
  | 'EMFILE'
  | 'EAGAIN'
  | 'ENOBUFS'
  | 'EOVERFLOW';

/** One row of {@link ERRNO_TABLE}. */
export interface ErrnoRow {
  readonly number: number;
  readonly code: JailErrorCode;
  readonly text: string;
}

/**
 * errno → code, NetBSD errno number and `strerror(3)` text. This is the single
 * translation table; backends report errno names and core classifies them here.
 */
export const ERRNO_TABLE: Readonly<Record<ErrnoName, ErrnoRow>> = {
  EPERM: { number: 1, code: 'PERMISSION_DENIED', text: 'Operation not permitted' },
  ENOENT: { number: 2, code: 'NOT_FOUND', text: 'No such file or directory' },
  ESRCH: { number: 3, code: 'NO_SUCH_PROCESS', text: 'No such process' },
  EBADF: { number: 9, code: 'BAD_FILE_DESCRIPTOR', text: 'Bad file descriptor' },
  ECHILD: { number: 10, code: 'NO_CHILD', text: 'No child processes' },
  ENOMEM: { number: 12, code: 'OUT_OF_MEMORY', text: 'Cannot allocate memory' },
  EACCES: { number: 13, code: 'ACCESS_DENIED', text: 'Permission denied' },
  EBUSY: { number: 16, code: 'BUSY', text: 'Device busy' },
  EEXIST: { number: 17, code: 'ALREADY_EXISTS', text: 'File exists' },
  EINVAL: { number: 22, code: 'INVALID_ARGUMENT', text: 'Invalid argument' },
  EMFILE: { number: 24, code: 'TOO_MANY_FILES', text: 'Too many open files' },
  EAGAIN: { number: 35, code: 'TRY_AGAIN', text: 'Resource temporarily unavailable' },
  ENOBUFS: { number: 55, code: 'NO_BUFFER_SPACE', text: 'No buffer space available' },
  EOVERFLOW: { number: 84, code: 'OVERFLOW', text: 'Value too large to be stored in data type' },
};

/** True when `name` is an errno name of {@link ERRNO_TABLE}. */
export function isErrnoName(name: unknown): name is ErrnoName {
  return typeof name === 'string' && Object.hasOwn(ERRNO_TABLE, name);
}

/**
 * Looks up an errno by its NetBSD number.
 * @returns the name, or `undefined` for a number outside {@link ERRNO_TABLE}
 */
export function errnoNameOf(errnoNumber: number): ErrnoName | undefined {
  for (const [name, row] of Object.entries(ERRNO_TABLE)) {
    if (row.number === errnoNumber) return name as ErrnoName;
  }
  return undefined;
}

/** The `strerror(3)` text of an errno, as NetBSD prints it. */
export function strerror(name: ErrnoName): string {
  return ERRNO_TABLE[name].text;
}
