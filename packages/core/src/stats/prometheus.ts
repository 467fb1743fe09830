import type { JailInfo } from '../jails/jail-info.js';

/** One metric of the Prometheus exposition: name, type, help text and how to read it from a jail. */
export interface JailMetric {
  /** The metric name, e.g. `jail_fd_max`. */
  readonly name: string;
  /** Its `# TYPE`. */
  readonly type: 'gauge' | 'counter';
  /** Its `# HELP` text (printed only with {@link PrometheusOptions.help}). */
  readonly help: string;
  /** Reads the sample value from a jail. */
  readonly value: (jail: JailInfo) => number;
}

/** The metrics of `jailctl stats -P`, in the project page's order. */
export const JAIL_METRICS: readonly JailMetric[] = [
  {
    name: 'jail_cpu_usage_ticks',
    type: 'gauge',
    help: 'CPU ticks of the live members.',
    value: (j) => j.usage.cpuTicks,
  },
  { name: 'jail_processes_current', type: 'gauge', help: 'Member processes.', value: (j) => j.usage.procs },
  {
    name: 'jail_processes_max',
    type: 'gauge',
    help: 'Process ceiling (0 = unlimited).',
    value: (j) => j.limits.procMax,
  },
  { name: 'jail_fd_current', type: 'gauge', help: 'Open descriptors last seen.', value: (j) => j.usage.fds },
  {
    name: 'jail_fd_max',
    type: 'gauge',
    help: 'Descriptor ceiling (0 = unlimited).',
    value: (j) => j.limits.fdMax,
  },
  {
    name: 'jail_sockbuf_current',
    type: 'gauge',
    help: 'Socket buffer bytes reserved.',
    value: (j) => j.usage.sockbufBytes,
  },
  {
    name: 'jail_sockbuf_max',
    type: 'gauge',
    help: 'Socket buffer ceiling in bytes (0 = unlimited).',
    value: (j) => j.limits.sockbufMaxBytes,
  },
  {
    name: 'jail_memory_current_bytes',
    type: 'gauge',
    help: 'Address-space size last seen.',
    value: (j) => j.usage.memoryBytes,
  },
  {
    name: 'jail_memory_max_bytes',
    type: 'gauge',
    help: 'Memory ceiling in bytes (0 = unlimited).',
    value: (j) => j.limits.memoryMaxBytes,
  },
  {
    name: 'jail_deny_process_total',
    type: 'counter',
    help: 'Denied forks.',
    value: (j) => j.counters.denyProc,
  },
  {
    name: 'jail_deny_fd_total',
    type: 'counter',
    help: 'Denied descriptors.',
    value: (j) => j.counters.denyFd,
  },
  {
    name: 'jail_deny_sockbuf_total',
    type: 'counter',
    help: 'Denied socket buffer reservations.',
    value: (j) => j.counters.denySockbuf,
  },
  {
    name: 'jail_deny_memory_total',
    type: 'counter',
    help: 'Denied memory growth.',
    value: (j) => j.counters.denyMemory,
  },
  {
    name: 'jail_throttle_cpu_total',
    type: 'counter',
    help: 'CPU throttle events.',
    value: (j) => j.counters.throttleCpu,
  },
];

/** The HTTP head `jailctl stats -P -h` prints (CRLF line ends), for inetd. */
export const PROMETHEUS_HTTP_HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n';

/** Options of {@link renderPrometheus}. */
export interface PrometheusOptions {
  /** Upstream's `-h`: prefix {@link PROMETHEUS_HTTP_HEAD}. @default false */
  readonly httpHead?: boolean;
  /**
   * Add a `# HELP` line before each `# TYPE` line. Upstream prints none; with
   * them `promtool check metrics` reports no lint findings at all. @default false
   */
  readonly help?: boolean;
}

/**
 * Escapes a label value as the Prometheus text format requires (`\` → `\\`,
 * `"` → `\"`, LF → `\n`) and, as upstream's jailctl does, turns CR and TAB
 * into spaces.
 */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : ' ',
  );
}

const labelsOf = (j: JailInfo): string =>
  `{jid="${j.id}",name="${escapeLabelValue(j.name)}",root="${escapeLabelValue(j.root)}"} `;

/**
 * Renders `jailctl stats -P` (and `-P -h`) as the project page shows it: all
 * `# TYPE` lines first, in {@link JAIL_METRICS} order, then the samples with
 * the labels `jid`, `name`, `root`. With several jails the samples are grouped
 * by metric (every jail's `jail_cpu_usage_ticks`, then every jail's
 * `jail_processes_current`, …), as the text format wants each metric's
 * samples together; for one jail this is exactly the page's output. With no
 * jails only the `# TYPE` lines are printed (valid, empty exposition).
 * The body's lines end in LF; only the HTTP head uses CRLF.
 */
export function renderPrometheus(jails: readonly JailInfo[], options: PrometheusOptions = {}): string {
  const parts: string[] = [];
  if (options.httpHead) parts.push(PROMETHEUS_HTTP_HEAD);
  for (const m of JAIL_METRICS) {
    if (options.help) parts.push(`# HELP ${m.name} ${m.help}\n`);
    parts.push(`# TYPE ${m.name} ${m.type}\n`);
  }
  const labels = jails.map(labelsOf);
  for (const m of JAIL_METRICS) {
    for (let i = 0; i < jails.length; i++) parts.push(`${m.name}${labels[i]}${m.value(jails[i]!)}\n`);
  }
  return parts.join('');
}
