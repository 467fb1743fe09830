import { errnoError, LIMIT_MAX } from '@jails/core/backend';

/** Largest pid the simulated kernel accepts (`pid_t` is a signed 32-bit int). */
export const PID_MAX = 0x7fff_ffff;
const U32_MAX = 0xffff_ffff;

const fail = (operation: string, field: string, rule: string, value: unknown): never => {
  throw errnoError('EINVAL', { operation, field, detail: `${field}: ${rule}, got ${describe(value)}` });
};

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** A pid: an integer 1 … 2³¹−1. @throws {ValidationError} naming `field` */
export function pidArg(value: unknown, operation: string, field = 'pid'): number {
  if (!isInt(value) || value < 1 || value > PID_MAX)
    fail(operation, field, 'must be a pid (1–2147483647)', value);
  return value as number;
}

/** A signal number: 0 (permission check only) or 1–31. @throws {ValidationError} naming `field` */
export function signalArg(value: unknown, operation: string, field = 'signal'): number {
  if (!isInt(value) || value < 0 || value > 31)
    fail(operation, field, 'must be a signal number 1–31 (or 0)', value);
  return value as number;
}

/** A port: an integer 0–65535. @throws {ValidationError} naming `field` */
export function portArg(value: unknown, operation: string, field = 'port'): number {
  if (!isInt(value) || value < 0 || value > 65535) fail(operation, field, 'must be a port 0–65535', value);
  return value as number;
}

/** A size or count: a non-negative integer, at least `min`. @throws {ValidationError} naming `field` */
export function sizeArg(value: unknown, operation: string, field: string, min = 0): number {
  if (!isInt(value) || value < min || value > LIMIT_MAX) {
    fail(operation, field, `must be an integer ≥ ${min} (and ≤ 2^53−1)`, value);
  }
  return value as number;
}

/** A jail id: an integer 0 … 2³²−1. @throws {ValidationError} naming `field` */
export function jidArg(value: unknown, operation: string, field = 'jid'): number {
  if (!isInt(value) || value < 0 || value > U32_MAX)
    fail(operation, field, 'must be a jail id (0–4294967295)', value);
  return value as number;
}

/** A uid: an integer 0 … 2³²−1. @throws {ValidationError} naming `field` */
export function uidArg(value: unknown, operation: string, field = 'uid'): number {
  if (!isInt(value) || value < 0 || value > U32_MAX)
    fail(operation, field, 'must be a uid (0–4294967295)', value);
  return value as number;
}

/** An argv: a non-empty list of strings. @throws {ValidationError} naming `field` */
export function argvArg(value: unknown, operation: string, field = 'argv'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((a) => typeof a !== 'string')) {
    fail(operation, field, 'must be a non-empty list of strings', value);
  }
  return [...(value as string[])];
}
