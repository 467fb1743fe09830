/**
 * Benchmark: log forwarding through the supervisor to a real syslog socket
 * (rsyslogd's imuxsock, a unix datagram socket, as /dev/log is). The
 * supervisor reads the workload's pipes, splits lines and sends one message
 * per line. Three runs:
 * - burst, queue large enough for the burst: end-to-end lines/s into syslogd;
 * - burst with the default queue: the workload outpaces syslogd, and the
 *   overflow is dropped and counted (never blocking the workload);
 * - paced at 50,000 lines/s with the default queue: syslogd keeps up.
 * Lost = lines the workload wrote that rsyslogd did not write out. Target:
 * ≥ 50,000 lines/s with none lost while syslog keeps up. Asserts nothing.
 */

import { createSupervisor } from '../src/supervise/supervisor.js';
import { createHostSpawnBackend } from '../src/supervise/test-support/host-spawn-backend.js';
import type { SyslogClientOptions } from '../src/syslog/syslog-client.js';
import { startRsyslogd } from '../src/syslog/test-support/rsyslogd.js';

const LINES = Number(process.env.BENCH_LINES ?? 200_000);
const LINE = 'GET /index.html HTTP/1.1 200 1234 "-" "bench/1.0" 0.000123 upstream=127.0.0.1:8080';
const jail = { id: 3, name: 'web' };

const burst = ['sh', '-c', `yes '${LINE}' | head -n ${LINES}; exec sleep 3600`];
// Writes what is due by the clock every millisecond, so timer drift does not lower the rate.
const paced = (perSecond: number) => [
  process.execPath,
  '-e',
  `const line = ${JSON.stringify(`${LINE}\n`)}; const t0 = Date.now(); let done = 0;
   const t = setInterval(() => {
     const n = Math.min(${LINES}, Math.floor(((Date.now() - t0) * ${perSecond}) / 1000)) - done;
     if (n > 0) { process.stdout.write(line.repeat(n)); done += n; }
     if (done === ${LINES}) { clearInterval(t); setInterval(() => {}, 1e6); }
   }, 1);`,
];

async function run(label: string, argv: string[], queue: SyslogClientOptions): Promise<void> {
  const rsyslog = await startRsyslogd();
  try {
    const sup = createSupervisor({
      backend: createHostSpawnBackend({ jails: [jail] }),
      jail,
      argv,
      syslog: { target: rsyslog.socketPath, facility: 'local3', tag: 'bench', ...queue },
    });
    let startedAt = 0;
    sup.once('supervisor:started', () => {
      startedAt = performance.now();
    });
    sup.start();
    // The workload stays alive after writing, so the run does not end: wait until
    // every line was read and either handed to the socket or dropped (+1: the start notice).
    for (;;) {
      const s = sup.stats().syslog!;
      if (s.sent + s.dropped >= LINES + 1 && s.queued === 0) break;
      await new Promise((r) => setTimeout(r, 1));
    }
    const elapsedMs = performance.now() - startedAt;
    const { dropped, sent } = sup.stats().syslog!;
    await sup.stop();
    const lines = () => rsyslog.messages().filter((m) => m.msg.includes(' stdout: ')).length;
    await rsyslog.waitFor(() => lines() >= sent - 1, 30_000).catch(() => undefined);
    const received = lines();
    console.log(
      `log forwarding, ${label}: ${LINES} lines handled in ${elapsedMs.toFixed(0)} ms ` +
        `(${Math.round((LINES / elapsedMs) * 1000)} lines/s); sent ${sent - 1}, dropped by the queue ${dropped}, ` +
        `written by rsyslogd ${received}, lost ${LINES - received}`,
    );
  } finally {
    await rsyslog.stop();
  }
}

await run('burst, queue sized for it', burst, {
  maxQueuedMessages: LINES * 2,
  maxQueuedBytes: 256 * 1024 * 1024,
});
await run('burst, default queue (32768 msgs / 4 MiB)', burst, {});
await run('paced at 60000 lines/s, default queue', paced(60_000), {});
console.log('log forwarding target: >= 50000 lines/s with 0 lost while syslog keeps up (runs 1 and 3)');
