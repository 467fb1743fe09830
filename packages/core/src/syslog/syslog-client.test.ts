import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJailLog } from './jail-log.js';
import { createSyslogClient } from './syslog-client.js';
import { freePort, type Rsyslogd, startRsyslogd } from './test-support/rsyslogd.js';

// rsyslog is a test dependency (Debian package `rsyslog`): these tests fail, not skip, without it.
describe('syslog delivery to a real rsyslogd', () => {
  let rsyslog: Rsyslogd;
  beforeAll(async () => {
    rsyslog = await startRsyslogd();
  });
  afterAll(async () => {
    await rsyslog?.stop();
  });

  const targets = () => ({
    unix: rsyslog.socketPath,
    udp: `udp://127.0.0.1:${rsyslog.udpPort}`,
    tcp: `tcp://127.0.0.1:${rsyslog.tcpPort}`,
    'tcp-lf': `tcp://127.0.0.1:${rsyslog.tcpPort}?framing=lf`,
  });

  for (const kind of ['unix', 'udp', 'tcp', 'tcp-lf'] as const) {
    it(`delivers jail output over ${kind} with facility, levels, tag and pid`, async () => {
      const log = createJailLog(
        { id: 3, name: `web-${kind}` },
        {
          target: targets()[kind],
          facility: 'local3',
          stdoutLevel: 'info',
          stderrLevel: 3,
          tag: 'jail-web',
          pid: 4242,
        },
      );
      log.line('stdout', Buffer.from('hello "out"'));
      log.line('stderr', Buffer.from('oops é'));
      log.note('notice', 'restarting supervised command in 2 seconds');
      expect(await log.client.flush()).toBe(true);
      const mine = (
        await rsyslog.waitFor((all) => all.filter((m) => m.msg.includes(`web-${kind}`)).length === 3)
      ).filter((m) => m.msg.includes(`web-${kind}`));
      expect(mine.map((m) => [m.facility, m.severity, m.app, m.pid, m.msg])).toEqual([
        ['local3', 'info', 'jail-web', '4242', `jail=web-${kind} jid=3 stdout: hello "out"`],
        ['local3', 'err', 'jail-web', '4242', `jail=web-${kind} jid=3 stderr: oops é`],
        [
          'local3',
          'notice',
          'jail-web',
          '4242',
          `jail=web-${kind} jid=3 restarting supervised command in 2 seconds`,
        ],
      ]);
      expect(mine[0]!.tag).toBe('jail-web[4242]:');
      expect(mine[0]!.pri).toBe(19 * 8 + 6);
      expect((await log.close()).dropped).toBe(0);
    });
  }

  it('uses facility daemon, notice/err and tag jailctl by default', async () => {
    const log = createJailLog({ id: 9, name: 'defaults' }, { target: rsyslog.socketPath });
    log.line('stdout', Buffer.from('a'));
    log.line('stderr', Buffer.from('b'));
    await log.close();
    const mine = (
      await rsyslog.waitFor((all) => all.filter((m) => m.msg.startsWith('jail=defaults')).length === 2)
    ).filter((m) => m.msg.startsWith('jail=defaults'));
    expect(mine.map((m) => [m.facility, m.severity, m.app, m.pid])).toEqual([
      ['daemon', 'notice', 'jailctl', String(process.pid)],
      ['daemon', 'err', 'jailctl', String(process.pid)],
    ]);
  });
});

describe('syslog delivery when the daemon is absent', () => {
  it('never throws or blocks: queues up to the bound, drops and counts the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jails-nolog-'));
    try {
      const client = createSyslogClient({
        target: join(dir, 'no.sock'),
        maxQueuedMessages: 5,
        reconnectMs: 50,
      });
      for (let i = 0; i < 12; i++) client.log('notice', `line ${i}`);
      expect(client.stats()).toMatchObject({ sent: 0, queued: 5, dropped: 7, connected: false });
      expect(await client.flush(100)).toBe(false);
      const final = await client.close(50);
      expect(final).toMatchObject({ sent: 0, queued: 0, dropped: 12 });
      client.log('err', 'after close');
      expect(client.stats().dropped).toBe(13);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('delivers what it queued once the daemon appears', async () => {
    const port = await freePort();
    const client = createSyslogClient({ target: `tcp://127.0.0.1:${port}`, reconnectMs: 50 });
    client.log('notice', 'queued while absent');
    expect(client.stats().queued).toBe(1);
    // the daemon "appears" as a plain TCP listener standing in for a restarted rsyslogd
    const { createServer } = await import('node:net');
    let received = '';
    const server = createServer((s) => s.on('data', (d) => (received += String(d))));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await client.flush(5000)).toBe(true);
      await client.close();
      await expect
        .poll(() => received)
        .toMatch(/^\d+ <29>\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ jailctl\[\d+\]: queued while absent$/);
    } finally {
      server.close();
    }
  });
});

describe('syslog over the unix socket when the daemon comes and goes', () => {
  it('reconnects to a restarted rsyslogd and delivers what waited meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jails-restart-'));
    const socketPath = join(dir, 'log.sock');
    const client = createSyslogClient({ target: socketPath, reconnectMs: 50 });
    try {
      client.log('notice', 'before any daemon');
      expect(client.stats()).toMatchObject({ connected: false, queued: 1 });
      const first = await startRsyslogd({ socketPath });
      expect(await client.flush(5000)).toBe(true);
      await first.waitFor((all) => all.some((m) => m.msg === 'before any daemon'));
      await first.stop(); // as syslogd does on a restart: the socket goes away and comes back
      client.log('notice', 'while restarting');
      const second = await startRsyslogd({ socketPath });
      try {
        expect(await client.flush(5000)).toBe(true);
        client.log('notice', 'after restart');
        const all = await second.waitFor((m) => m.some((x) => x.msg === 'after restart'));
        expect(all.map((m) => m.msg)).toContain('while restarting');
        expect(client.stats().dropped).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      await client.close(10);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('syslog client input checks', () => {
  it('rejects bad facility, tag and target before opening anything', () => {
    expect(() => createSyslogClient({ facility: 'x', target: 'udp://127.0.0.1:9' })).toThrow(
      "invalid facility 'x'",
    );
    expect(() => createSyslogClient({ tag: '', target: 'udp://127.0.0.1:9' })).toThrow("invalid tag ''");
    expect(() => createSyslogClient({ target: 'syslog' })).toThrow("invalid syslog target 'syslog'");
    expect(() =>
      createJailLog({ id: 1, name: 'a' }, { stderrLevel: 'loud', target: 'udp://127.0.0.1:9' }),
    ).toThrow("invalid level 'loud'");
  });
});
