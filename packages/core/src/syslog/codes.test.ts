import { describe, expect, it } from 'vitest';
import { JailError } from '../errors/jail-error.js';
import { parseFacility, parseLevel, SYSLOG_FACILITIES, sanitizeTag, syslogPriority } from './codes.js';

describe('syslog codes', () => {
  it('knows every facility upstream accepts, with the <syslog.h> codes', () => {
    expect(Object.keys(SYSLOG_FACILITIES).sort()).toEqual(
      [
        'auth',
        'authpriv',
        'cron',
        'daemon',
        'ftp',
        'kern',
        'lpr',
        'mail',
        'news',
        'syslog',
        'user',
        'uucp',
        ...Array.from({ length: 8 }, (_, i) => `local${i}`),
      ].sort(),
    );
    expect(parseFacility('local3')).toBe('local3');
    expect(syslogPriority('local3', 'info')).toBe(19 * 8 + 6);
    expect(syslogPriority('daemon', 'notice')).toBe(29);
  });

  it('rejects unknown facilities with a clear message', () => {
    expect(() => parseFacility('x')).toThrow("invalid facility 'x'");
    expect(() => parseFacility('LOCAL3')).toThrow("invalid facility 'LOCAL3'");
    expect(() => parseFacility('local8')).toThrow(JailError);
    try {
      parseFacility('3');
    } catch (error) {
      expect(JailError.is(error) && error.code).toBe('INVALID_ARGUMENT');
      expect(JailError.is(error) && error.field).toBe('facility');
    }
  });

  it('parses levels by name and by number 0-7', () => {
    expect(parseLevel('err')).toBe('err');
    expect(parseLevel('0')).toBe('emerg');
    expect(parseLevel(7)).toBe('debug');
    expect(parseLevel('5')).toBe('notice');
    for (const bad of ['8', '-1', '05', 'error', '', 'info ', 1.5]) {
      expect(() => parseLevel(bad)).toThrow(`invalid level '${String(bad)}'`);
    }
    expect(() => parseLevel('x', 'stdoutLevel')).toThrow(expect.objectContaining({ field: 'stdoutLevel' }));
  });

  it('sanitises tags like upstream: control characters to spaces, 63 bytes, not empty', () => {
    expect(sanitizeTag('jail\tweb\r\n')).toBe('jail web  ');
    expect(sanitizeTag('x'.repeat(80))).toBe('x'.repeat(63));
    expect(Buffer.byteLength(sanitizeTag('é'.repeat(40)))).toBe(62);
    expect(() => sanitizeTag('')).toThrow("invalid tag ''");
    expect(() => sanitizeTag('\n')).toThrow('invalid tag');
  });
});
