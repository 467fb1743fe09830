import { isIP } from 'node:net';
import { ValidationError } from '../errors/jail-error.js';

/** How TCP syslog messages are delimited: RFC 6587 octet counting or a trailing LF. */
export type SyslogTcpFraming = 'octet-counting' | 'lf';

/** Where syslog messages go. */
export type SyslogTarget =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'udp'; readonly host: string; readonly port: number }
  | {
      readonly kind: 'tcp';
      readonly host: string;
      readonly port: number;
      readonly framing: SyslogTcpFraming;
    };

/** The port syslog listens on for UDP and TCP when a target names none. */
export const SYSLOG_DEFAULT_PORT = 514;

/** Longest unix socket path every supported platform accepts (`sun_path` is 104 bytes on NetBSD). */
export const UNIX_SOCKET_PATH_MAX_BYTES = 103;

/**
 * The host's syslog socket: `/var/run/log` on the BSDs (NetBSD's syslogd),
 * `/var/run/syslog` on macOS, `/dev/log` elsewhere (Linux).
 */
export function defaultSyslogSocketPath(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'netbsd' || platform === 'freebsd' || platform === 'openbsd') return '/var/run/log';
  if (platform === 'darwin') return '/var/run/syslog';
  return '/dev/log';
}

const invalid = (text: string, why: string): ValidationError =>
  new ValidationError('target', `invalid syslog target '${text}': ${why}`, { operation: 'syslog' });

function parsePort(url: URL, text: string): number {
  if (url.port === '') return SYSLOG_DEFAULT_PORT;
  const port = Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(text, 'port must be 1-65535');
  return port;
}

function parseNetworkTarget(text: string): SyslogTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, 'not a URL');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid(text, 'a host is required');
  if (url.pathname !== '' && url.pathname !== '/') throw invalid(text, 'no path is allowed');
  const port = parsePort(url, text);
  if (url.protocol === 'udp:') {
    if (url.search !== '') throw invalid(text, 'udp takes no options');
    return { kind: 'udp', host, port };
  }
  const framing = url.searchParams.get('framing') ?? 'octet-counting';
  if (framing !== 'octet-counting' && framing !== 'lf')
    throw invalid(text, "framing must be 'octet-counting' or 'lf'");
  return { kind: 'tcp', host, port, framing };
}

/**
 * Parses a syslog destination:
 * - an absolute path or `unix:/path` (`unix:///path`): a unix datagram socket;
 * - `udp://host[:port]`: UDP, one message per datagram;
 * - `tcp://host[:port][?framing=octet-counting|lf]`: TCP with RFC 6587
 *   framing, octet counting by default.
 * IPv6 hosts go in brackets (`udp://[::1]:514`).
 * @throws {ValidationError} `invalid syslog target '…': <why>`
 */
export function parseSyslogTarget(text: string): SyslogTarget {
  if (text.startsWith('udp://') || text.startsWith('tcp://')) return parseNetworkTarget(text);
  const path = text.startsWith('unix://') ? text.slice(7) : text.startsWith('unix:') ? text.slice(5) : text;
  if (!path.startsWith('/')) throw invalid(text, 'expected an absolute socket path, udp:// or tcp://');
  if (Buffer.byteLength(path) > UNIX_SOCKET_PATH_MAX_BYTES) {
    throw invalid(text, `socket path longer than ${UNIX_SOCKET_PATH_MAX_BYTES} bytes`);
  }
  return { kind: 'unix', path };
}

/** Formats a target back to the text {@link parseSyslogTarget} reads. */
export function formatSyslogTarget(target: SyslogTarget): string {
  if (target.kind === 'unix') return target.path;
  const host = isIP(target.host) === 6 ? `[${target.host}]` : target.host;
  const framing = target.kind === 'tcp' && target.framing === 'lf' ? '?framing=lf' : '';
  return `${target.kind}://${host}:${target.port}${framing}`;
}
