import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, JAIL_METRICS, PROMETHEUS_HTTP_HEAD, renderPrometheus } from './prometheus.js';
import { manyJails, SEED_WEB } from './test-support/fixtures.js';

// Copied from the project page (seed section 7), `jailctl stats -P -h`.
const SEED_LABELS = '{jid="3",name="web",root="/var/jailmgr/jails/web/root"}';
const SEED_PROMETHEUS =
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n' +
  `# TYPE jail_cpu_usage_ticks gauge
# TYPE jail_processes_current gauge
# TYPE jail_processes_max gauge
# TYPE jail_fd_current gauge
# TYPE jail_fd_max gauge
# TYPE jail_sockbuf_current gauge
# TYPE jail_sockbuf_max gauge
# TYPE jail_memory_current_bytes gauge
# TYPE jail_memory_max_bytes gauge
# TYPE jail_deny_process_total counter
# TYPE jail_deny_fd_total counter
# TYPE jail_deny_sockbuf_total counter
# TYPE jail_deny_memory_total counter
# TYPE jail_throttle_cpu_total counter
jail_cpu_usage_ticks${SEED_LABELS} 0
jail_processes_current${SEED_LABELS} 1
jail_processes_max${SEED_LABELS} 512
jail_fd_current${SEED_LABELS} 3
jail_fd_max${SEED_LABELS} 8192
jail_sockbuf_current${SEED_LABELS} 0
jail_sockbuf_max${SEED_LABELS} 134217728
jail_memory_current_bytes${SEED_LABELS} 154025984
jail_memory_max_bytes${SEED_LABELS} 536870912
jail_deny_process_total${SEED_LABELS} 0
jail_deny_fd_total${SEED_LABELS} 0
jail_deny_sockbuf_total${SEED_LABELS} 0
jail_deny_memory_total${SEED_LABELS} 0
jail_throttle_cpu_total${SEED_LABELS} 0
`;

/** Runs the real `promtool check metrics` (Debian package `prometheus`). */
function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error)
    throw new Error(`promtool not runnable (install the Debian package prometheus): ${r.error.message}`);
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

/**
 * promtool exits 3 for lint findings; upstream's format has no HELP lines, so
 * "no help text" is the one finding it may report, once per metric family.
 */
function expectAccepted(text: string): void {
  const { status, output } = promtool(text);
  const findings = output === '' ? [] : output.split('\n');
  expect(
    findings.every((f) => / no help text$/.test(f)),
    output,
  ).toBe(true);
  expect(status === 0 || (status === 3 && findings.length > 0), output).toBe(true);
}

const awkward = [
  { ...SEED_WEB, id: 7, name: 'say "hi"', root: '/jails/with space/root' },
  { ...SEED_WEB, id: 8, name: 'back\\slash', root: 'C:\\jails\\x "y"' },
  { ...SEED_WEB, id: 9, name: 'new\nline\ttab\rcr', root: '/jails/ünïcode/root' },
];

describe('renderPrometheus', () => {
  it('prints the seed exposition with the HTTP head byte for byte', () => {
    expect(renderPrometheus([SEED_WEB], { httpHead: true })).toBe(SEED_PROMETHEUS);
    expect(PROMETHEUS_HTTP_HEAD).toBe('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n');
    expect(renderPrometheus([SEED_WEB])).toBe(SEED_PROMETHEUS.slice(PROMETHEUS_HTTP_HEAD.length));
    expect(renderPrometheus([SEED_WEB]).includes('\r')).toBe(false);
  });

  it('prints only the TYPE lines for no jails (with the head when asked)', () => {
    const types = JAIL_METRICS.map((m) => `# TYPE ${m.name} ${m.type}\n`).join('');
    expect(renderPrometheus([])).toBe(types);
    expect(renderPrometheus([], { httpHead: true })).toBe(PROMETHEUS_HTTP_HEAD + types);
  });

  it('escapes backslash, quote and newline in labels; CR and TAB become spaces', () => {
    expect(escapeLabelValue('a\\b"c\nd\re\tf')).toBe('a\\\\b\\"c\\nd e f');
    expect(renderPrometheus([awkward[0]!])).toContain(
      'jail_fd_max{jid="7",name="say \\"hi\\"",root="/jails/with space/root"} 8192\n',
    );
  });

  it('groups samples by metric for many jails, in list order', () => {
    const lines = renderPrometheus(manyJails(3))
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(lines.slice(0, 4)).toEqual([
      'jail_cpu_usage_ticks{jid="3",name="jail-3",root="/var/jailmgr/jails/jail-3/root"} 33',
      'jail_cpu_usage_ticks{jid="2",name="jail-2",root="/var/jailmgr/jails/jail-2/root"} 22',
      'jail_cpu_usage_ticks{jid="1",name="jail-1",root="/var/jailmgr/jails/jail-1/root"} 11',
      'jail_processes_current{jid="3",name="jail-3",root="/var/jailmgr/jails/jail-3/root"} 3',
    ]);
    expect(lines).toHaveLength(3 * 14);
  });

  describe('accepted by the real promtool check metrics', () => {
    it('for 0 jails', () => {
      expect(promtool(renderPrometheus([]))).toEqual({ status: 0, output: '' });
    });
    it('for 1 jail', () => expectAccepted(renderPrometheus([SEED_WEB])));
    it('for many jails with quotes, backslashes, spaces and newlines in names and roots', () => {
      expectAccepted(renderPrometheus([...manyJails(50), ...awkward]));
    });
    it('with HELP lines, without any lint finding', () => {
      for (const jails of [[], [SEED_WEB], [...manyJails(50), ...awkward]]) {
        expect(promtool(renderPrometheus(jails, { help: true }))).toEqual({ status: 0, output: '' });
      }
    });
    it('rejects a broken exposition (the check is real)', () => {
      expect(promtool('jail_fd_max{jid="1",name="a"b"} 1\n').status).toBe(1);
    });
  });
});
