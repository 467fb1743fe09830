import { describe, expect, it } from 'vitest';
import { defaultSyslogSocketPath, formatSyslogTarget, parseSyslogTarget } from './target.js';

describe('syslog targets', () => {
  it('defaults to the platform socket', () => {
    expect(defaultSyslogSocketPath('netbsd')).toBe('/var/run/log');
    expect(defaultSyslogSocketPath('linux')).toBe('/dev/log');
  });

  it('parses paths, udp and tcp URLs', () => {
    expect(parseSyslogTarget('/dev/log')).toEqual({ kind: 'unix', path: '/dev/log' });
    expect(parseSyslogTarget('unix:///var/run/log')).toEqual({ kind: 'unix', path: '/var/run/log' });
    expect(parseSyslogTarget('udp://127.0.0.1')).toEqual({ kind: 'udp', host: '127.0.0.1', port: 514 });
    expect(parseSyslogTarget('udp://[::1]:5514')).toEqual({ kind: 'udp', host: '::1', port: 5514 });
    expect(parseSyslogTarget('tcp://127.0.0.1:601')).toEqual({
      kind: 'tcp',
      host: '127.0.0.1',
      port: 601,
      framing: 'octet-counting',
    });
    expect(parseSyslogTarget('tcp://localhost:601?framing=lf')).toMatchObject({ framing: 'lf' });
    for (const t of ['/dev/log', 'udp://[::1]:5514', 'tcp://127.0.0.1:601?framing=lf']) {
      expect(formatSyslogTarget(parseSyslogTarget(t))).toBe(t);
    }
  });

  it('rejects what it cannot use, naming the target', () => {
    for (const bad of [
      'log',
      'udp://',
      'udp://h:0',
      'tcp://h:1?framing=x',
      'http://h',
      `/${'x'.repeat(200)}`,
    ]) {
      expect(() => parseSyslogTarget(bad)).toThrow(`invalid syslog target '${bad}'`);
    }
  });
});
