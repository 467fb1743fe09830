/**
 * TEST SUPPORT ONLY (not exported): starts a real rsyslogd on a temporary
 * unix socket and free loopback UDP/TCP ports, writing every message it
 * receives to a file with its facility, severity, tag, pid and text.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One message as rsyslogd stored it. */
export interface ReceivedMessage {
  readonly facility: string;
  readonly severity: string;
  readonly pri: number;
  readonly tag: string;
  readonly app: string;
  readonly pid: string;
  readonly host: string;
  readonly msg: string;
}

/** A running rsyslogd. */
export interface Rsyslogd {
  readonly dir: string;
  readonly socketPath: string;
  readonly udpPort: number;
  readonly tcpPort: number;
  readonly pid: number;
  /** Every message received so far, in arrival order. */
  messages(): ReceivedMessage[];
  /** Polls until `predicate` holds for the messages, or throws after `timeoutMs`. */
  waitFor(predicate: (all: ReceivedMessage[]) => boolean, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Stops rsyslogd and removes its directory. */
  stop(): Promise<void>;
}

/** True when an rsyslogd binary is installed. */
export function haveRsyslogd(): boolean {
  try {
    execFileSync('rsyslogd', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const SEP = '\u0001';

function config(dir: string, socketPath: string, udpPort: number, tcpPort: number): string {
  return `global(workDirectory="${dir}" net.enableDNS="off")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="${socketPath}" RateLimit.Interval="0" UseSysTimeStamp="off")
module(load="imudp")
input(type="imudp" address="127.0.0.1" port="${udpPort}" RateLimit.Interval="0")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="${tcpPort}")
template(name="t" type="string" string="%syslogfacility-text%${SEP}%syslogseverity-text%${SEP}%pri%${SEP}%syslogtag%${SEP}%app-name%${SEP}%procid%${SEP}%hostname%${SEP}%msg%\\n")
*.* action(type="omfile" file="${dir}/messages.log" template="t" asyncWriting="off" flushOnTXEnd="on")
`;
}

function parse(text: string): ReceivedMessage[] {
  return text
    .split('\n')
    .filter((l) => l.includes(SEP))
    .map((l) => {
      const [facility = '', severity = '', pri = '', tag = '', app = '', pid = '', host = '', ...rest] =
        l.split(SEP);
      const msg = rest.join(SEP);
      return {
        facility,
        severity,
        pri: Number(pri),
        tag,
        app,
        pid,
        host,
        msg: msg.startsWith(' ') ? msg.slice(1) : msg,
      };
    });
}

async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`rsyslogd: timed out waiting for ${what}`);
    await sleep(25);
  }
}

const tcpAccepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

/**
 * Starts rsyslogd in the foreground (`-n`) with a temporary configuration.
 * @param options.socketPath where its unix socket goes @default `<its dir>/log.sock`
 */
export async function startRsyslogd(options: { socketPath?: string } = {}): Promise<Rsyslogd> {
  if (!haveRsyslogd())
    throw new Error('rsyslogd not found: install the Debian package rsyslog (.ci/run does)');
  const dir = mkdtempSync(join(tmpdir(), 'jails-rsyslog-'));
  const socketPath = options.socketPath ?? join(dir, 'log.sock');
  const udpPort = await freePort();
  const tcpPort = await freePort();
  writeFileSync(join(dir, 'rsyslog.conf'), config(dir, socketPath, udpPort, tcpPort));
  const child: ChildProcess = spawn(
    'rsyslogd',
    ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const file = join(dir, 'messages.log');
  const messages = () => (existsSync(file) ? parse(readFileSync(file, 'utf8')) : []);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil('its unix socket', () => existsSync(socketPath), 10_000);
    await waitUntil('its tcp port', () => tcpAccepts(tcpPort), 10_000);
    const probe = createSocket('udp4');
    await waitUntil(
      'a udp probe',
      () => {
        probe.send(`<13>probe: ready`, udpPort, '127.0.0.1');
        return messages().some((m) => m.msg.includes('ready'));
      },
      10_000,
    );
    probe.close();
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; stderr: ${stderr}`);
  }
  return {
    dir,
    socketPath,
    udpPort,
    tcpPort,
    pid: child.pid!,
    messages,
    async waitFor(predicate, timeoutMs = 10_000) {
      let all = messages();
      await waitUntil(
        'the expected messages',
        () => {
          all = messages();
          return predicate(all);
        },
        timeoutMs,
      );
      return all;
    },
    stop,
  };
}
