import { describe, expect, it } from 'vitest';
import { formatSyslogTimestamp, SyslogEncoder } from './encoder.js';

describe('SyslogEncoder', () => {
  const at = (text: string) => new Date(text).getTime();

  it('writes the RFC 3164 timestamp with a space-padded day, in local time', () => {
    expect(formatSyslogTimestamp(at('2026-02-03T04:05:06'))).toBe('Feb  3 04:05:06');
    expect(formatSyslogTimestamp(at('2026-12-24T23:59:59'))).toBe('Dec 24 23:59:59');
  });

  it('encodes <PRI>timestamp tag[pid]: msg for the local socket, without a hostname', () => {
    let now = at('2026-02-24T10:00:00.250');
    const enc = new SyslogEncoder({ tag: 'jail-web', pid: 42, now: () => now });
    expect(enc.encode(158, 'hello', Buffer.from('jail=web jid=3 stdout: ')).toString()).toBe(
      '<158>Feb 24 10:00:00 jail-web[42]: jail=web jid=3 stdout: hello',
    );
    now += 1000;
    expect(enc.encode(3, Buffer.from([0xff, 0x41])).subarray(-2)).toEqual(Buffer.from([0xff, 0x41]));
    expect(enc.encode(3, '').toString()).toBe('<3>Feb 24 10:00:01 jail-web[42]: ');
  });

  it('adds the HOSTNAME field for network targets', () => {
    const enc = new SyslogEncoder({
      tag: 't',
      pid: 1,
      hostname: 'vhost',
      now: () => at('2026-02-24T10:00:00'),
    });
    expect(enc.encode(29, 'x').toString()).toBe('<29>Feb 24 10:00:00 vhost t[1]: x');
  });
});
