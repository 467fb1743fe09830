import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/clock.js';
import { type ReceivedMessage, type Rsyslogd, startRsyslogd } from '../syslog/test-support/rsyslogd.js';
import { createSupervisor } from './supervisor.js';
import { createHostSpawnBackend } from './test-support/host-spawn-backend.js';
import { waitUntil } from './test-support/wait.js';

// A real rsyslogd (Debian package `rsyslog`) receives what the supervisor sends.
describe('Supervisor output and notices in a real rsyslogd', () => {
  let rsyslog: Rsyslogd;
  beforeAll(async () => {
    rsyslog = await startRsyslogd();
  });
  afterAll(async () => {
    await rsyslog?.stop();
  });

  const about = (jail: string) => (all: ReceivedMessage[]) =>
    all.filter((m) => m.msg.startsWith(`jail=${jail} `));
  const brief = (m: ReceivedMessage) => `${m.facility}.${m.severity} ${m.msg}`;

  it('logs lines (split at 510 bytes), exit status, restart delay and shutdown with the configured priorities', async () => {
    const jail = { id: 3, name: 'web' };
    const clock = createFakeClock();
    const sup = createSupervisor({
      backend: createHostSpawnBackend({ jails: [jail] }),
      jail,
      argv: ['sh', '-c', `echo out; echo err >&2; printf '%0600d\\n' 0; exit 3`],
      clock,
      syslog: {
        target: rsyslog.socketPath,
        facility: 'local3',
        stdoutLevel: 'info',
        stderrLevel: 'err',
        tag: 'jail-web',
      },
    }).start();
    await waitUntil('the restart wait', () => clock.pendingSleeps().length > 0);
    await sup.stop();
    const mine = about('web')(await rsyslog.waitFor((all) => about('web')(all).length === 8));
    expect(mine.every((m) => m.app === 'jail-web' && m.pid === String(process.pid))).toBe(true);
    expect(mine.map(brief).sort()).toEqual(
      [
        'local3.info jail=web jid=3 starting supervised command',
        'local3.info jail=web jid=3 stdout: out',
        'local3.err jail=web jid=3 stderr: err',
        `local3.info jail=web jid=3 stdout: ${'0'.repeat(510)}`,
        `local3.info jail=web jid=3 stdout: ${'0'.repeat(90)}`,
        'local3.warning jail=web jid=3 supervised command exited status=3',
        'local3.notice jail=web jid=3 restarting supervised command in 1 seconds',
        'local3.notice jail=web jid=3 supervise shutdown requested',
      ].sort(),
    );
    expect(brief(mine.at(-1)!)).toBe('local3.notice jail=web jid=3 supervise shutdown requested');
  });

  it('logs a signal death with the signal number, over UDP with default priorities', async () => {
    const jail = { id: 12, name: 'sig' };
    const sup = createSupervisor({
      backend: createHostSpawnBackend({ jails: [jail] }),
      jail,
      argv: ['sleep', '30'],
      syslog: { target: `udp://127.0.0.1:${rsyslog.udpPort}` },
    }).start();
    await waitUntil('the workload', () => sup.stats().pid);
    await sup.stop();
    const mine = about('sig')(await rsyslog.waitFor((all) => about('sig')(all).length === 3));
    expect(mine.map(brief)).toEqual([
      'daemon.info jail=sig jid=12 starting supervised command',
      'daemon.warning jail=sig jid=12 supervised command killed by signal=15',
      'daemon.notice jail=sig jid=12 supervise shutdown requested',
    ]);
    expect(mine[0]!.app).toBe('jailctl');
  });
});
