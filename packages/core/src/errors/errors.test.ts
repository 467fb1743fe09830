import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ERRNO_TABLE, errnoNameOf, isErrnoName, strerror } from './errno.js';
import {
  BackendError,
  errnoError,
  JailError,
  NotFoundError,
  UnsupportedError,
  ValidationError,
} from './jail-error.js';

describe('errno table', () => {
  it('holds NetBSD’s numbers and one code per errno', () => {
    expect(ERRNO_TABLE.EAGAIN.number).toBe(35);
    expect(ERRNO_TABLE.ENOBUFS.number).toBe(55);
    expect(ERRNO_TABLE.EOVERFLOW.number).toBe(84);
    const codes = Object.values(ERRNO_TABLE).map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
  it('maps numbers back to names and knows its names', () => {
    expect(errnoNameOf(16)).toBe('EBUSY');
    expect(errnoNameOf(9999)).toBeUndefined();
    expect(isErrnoName('EEXIST')).toBe(true);
    expect(isErrnoName('toString')).toBe(false);
    expect(strerror('EBUSY')).toBe('Device busy');
  });
});

describe('JailError', () => {
  it('carries code, errno name and number, operation and cause', () => {
    const cause = new Error('sysctl failed');
    const e = errnoError('EEXIST', { operation: 'create', detail: 'name already exists: web', cause });
    expect(e).toMatchObject({
      code: 'ALREADY_EXISTS',
      errno: 'EEXIST',
      errnoNumber: 17,
      operation: 'create',
    });
    expect(e.message).toBe('create: name already exists: web');
    expect(e.cause).toBe(cause);
    expect(e.retryable).toBe(false);
    expect(e.name).toBe('JailError');
  });
  it('uses the strerror text when no detail is given', () => {
    expect(errnoError('EBUSY', { operation: 'destroy jail 3' }).message).toBe('destroy jail 3: Device busy');
  });
  it('makes an EINVAL with a field a ValidationError', () => {
    const e = errnoError('EINVAL', { field: 'name', detail: 'bad' });
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.field).toBe('name');
  });
  it('names subclasses after themselves and keeps their codes', () => {
    expect(new NotFoundError("jail 'x' not found")).toMatchObject({
      name: 'NotFoundError',
      code: 'NOT_FOUND',
      errno: 'ENOENT',
    });
    const u = new UnsupportedError({ feature: 'spawnInJail', backend: 'fake' });
    expect(u).toMatchObject({
      name: 'UnsupportedError',
      code: 'UNSUPPORTED',
      feature: 'spawnInJail',
      backend: 'fake',
    });
    expect(u.message).toBe('the fake backend does not support spawnInJail');
    const b = new BackendError({ backend: 'netbsd', message: 'helper exited 2', retryable: true });
    expect(b).toMatchObject({ code: 'BACKEND_FAILED', retryable: true });
    expect(b.message).toBe('[jails:netbsd] helper exited 2');
  });
  it('is recognised across realms by its marker, and only then', () => {
    const foreign = runInNewContext(
      `const e = new Error('x'); e[Symbol.for('@jails/core.JailError')] = true; e.code = 'BUSY'; e`,
    );
    expect(foreign instanceof JailError).toBe(false);
    expect(JailError.is(foreign)).toBe(true);
    expect(JailError.is(new Error('plain'))).toBe(false);
    expect(JailError.is(null)).toBe(false);
    expect(JailError.hasErrno(errnoError('EBUSY'), 'EBUSY')).toBe(true);
    expect(JailError.hasErrno(errnoError('EBUSY'), 'EPERM')).toBe(false);
  });
});
