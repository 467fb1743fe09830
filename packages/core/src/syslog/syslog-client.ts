import { hostname as osHostname } from 'node:os';
import {
  DEFAULT_FACILITY,
  DEFAULT_TAG,
  parseFacility,
  parseLevel,
  type SyslogFacility,
  type SyslogLevel,
  sanitizeTag,
  syslogPriority,
} from './codes.js';
import { SyslogEncoder } from './encoder.js';
import { defaultSyslogSocketPath, parseSyslogTarget, type SyslogTarget } from './target.js';
import { createTcpTransport } from './tcp-transport.js';
import type { SyslogTransport, TransportHooks } from './transport.js';
import { createUdpTransport } from './udp-transport.js';
import { createUnixTransport } from './unix-transport.js';

/** Options of {@link createSyslogClient}. All of them are JSON-serialisable. */
export interface SyslogClientOptions {
  /**
   * Where messages go: a unix socket path, `udp://host[:port]` or
   * `tcp://host[:port][?framing=lf]` (see {@link parseSyslogTarget}).
   * @default the host's socket: `/var/run/log` on NetBSD, `/dev/log` on Linux
   */
  readonly target?: string | SyslogTarget;
  /** Facility name. @default 'daemon' */
  readonly facility?: SyslogFacility | string;
  /** The tag (ident); sanitised like upstream's `-t`. @default 'jailctl' */
  readonly tag?: string;
  /** The pid in `tag[pid]`. @default process.pid */
  readonly pid?: number;
  /** HOSTNAME written for udp/tcp targets (the local socket gets none, like syslog(3)). @default os.hostname() */
  readonly hostname?: string;
  /** Most messages waiting while the daemon is slow or absent; more are dropped and counted. @default 32768 */
  readonly maxQueuedMessages?: number;
  /** Most bytes waiting while the daemon is slow or absent; more are dropped and counted. @default 4 MiB */
  readonly maxQueuedBytes?: number;
  /** Delay between attempts to reach an absent daemon. @default 1000 */
  readonly reconnectMs?: number;
}

/** Delivery counters of a {@link SyslogClient}. */
export interface SyslogStats {
  /** Messages handed to the operating system. */
  readonly sent: number;
  /** Messages given up: queue full, rejected as too large, or lost on a broken connection. */
  readonly dropped: number;
  /** Messages waiting in the queue. */
  readonly queued: number;
  /** Bytes waiting in the queue. */
  readonly queuedBytes: number;
  /** Whether the daemon is reachable right now. */
  readonly connected: boolean;
  /** The last delivery error, if any. */
  readonly lastError: string | undefined;
}

/**
 * Sends syslog messages without ever blocking or throwing at the caller.
 *
 * Messages go through a bounded FIFO queue: while the daemon keeps up the
 * queue stays empty; while it is slow (socket congested) or absent
 * (reconnecting every `reconnectMs`) messages wait, up to `maxQueuedMessages`
 * and `maxQueuedBytes`; beyond that new messages are dropped and counted in
 * {@link SyslogStats.dropped}. Create one with {@link createSyslogClient}.
 */
export class SyslogClient {
  readonly #transport: SyslogTransport;
  readonly #encoder: SyslogEncoder;
  readonly #facility: SyslogFacility;
  readonly #priorities = new Map<string, number>();
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  #queue: Buffer[] = [];
  #head = 0;
  #queuedBytes = 0;
  #sent = 0;
  #dropped = 0;
  #closed = false;

  /** @throws {ValidationError} for an invalid target, facility or tag */
  constructor(options: SyslogClientOptions = {}) {
    const target =
      typeof options.target === 'object'
        ? options.target
        : parseSyslogTarget(options.target ?? defaultSyslogSocketPath());
    this.#facility = parseFacility(options.facility ?? DEFAULT_FACILITY);
    const tag = sanitizeTag(options.tag ?? DEFAULT_TAG);
    this.#maxMessages = options.maxQueuedMessages ?? 32_768;
    this.#maxBytes = options.maxQueuedBytes ?? 4 * 1024 * 1024;
    const hostname = target.kind === 'unix' ? undefined : (options.hostname ?? osHostname());
    this.#encoder = new SyslogEncoder({ tag, pid: options.pid ?? process.pid, hostname });
    const hooks: TransportHooks = {
      onReady: () => this.#pump(),
      onLost: (count) => {
        this.#sent -= count;
        this.#dropped += count;
      },
      reconnectMs: options.reconnectMs ?? 1000,
    };
    this.#transport =
      target.kind === 'unix'
        ? createUnixTransport(target.path, hooks)
        : target.kind === 'udp'
          ? createUdpTransport(target.host, target.port, hooks)
          : createTcpTransport(target.host, target.port, target.framing, hooks);
  }

  /**
   * Queues one message at `level` and sends what the transport accepts now.
   * `prefix` goes between the header and `message` (saves a copy per line).
   */
  log(level: SyslogLevel, message: string | Uint8Array, prefix?: Uint8Array): void {
    let priority = this.#priorities.get(level);
    if (priority === undefined) {
      priority = syslogPriority(this.#facility, parseLevel(level));
      this.#priorities.set(level, priority);
    }
    const encoded = this.#encoder.encode(priority, message, prefix);
    if (
      this.#closed ||
      this.#queue.length - this.#head >= this.#maxMessages ||
      this.#queuedBytes + encoded.length > this.#maxBytes
    ) {
      this.#dropped++;
      return;
    }
    this.#queue.push(encoded);
    this.#queuedBytes += encoded.length;
    this.#pump();
  }

  /** Current delivery counters. */
  stats(): SyslogStats {
    return {
      sent: this.#sent,
      dropped: this.#dropped,
      queued: this.#queue.length - this.#head,
      queuedBytes: this.#queuedBytes,
      connected: this.#transport.connected,
      lastError: this.#transport.lastError?.message,
    };
  }

  /**
   * Waits until every queued message was handed to the OS.
   * @param timeoutMs how long to wait at most @default 5000
   * @returns whether the queue drained in time
   */
  async flush(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.#pump();
      if (this.#queue.length === this.#head && this.#transport.pendingBytes === 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /**
   * Flushes (up to `timeoutMs`), then closes the socket; what is still queued
   * counts as dropped. Further messages are dropped. Idempotent.
   * @param timeoutMs how long to wait for the queue to drain @default 2000
   * @returns the final counters
   */
  async close(timeoutMs = 2000): Promise<SyslogStats> {
    if (!this.#closed) {
      this.#closed = true;
      await this.flush(timeoutMs);
      this.#dropped += this.#queue.length - this.#head;
      this.#queue = [];
      this.#head = 0;
      this.#queuedBytes = 0;
      try {
        this.#transport.close();
      } catch {
        // a socket that failed to close is gone all the same
      }
    }
    return this.stats();
  }

  #pump(): void {
    while (this.#head < this.#queue.length) {
      const message = this.#queue[this.#head]!;
      const result = this.#transport.trySend(message);
      if (result === 'busy' || result === 'down') break;
      if (result === 'sent') this.#sent++;
      else this.#dropped++;
      this.#head++;
      this.#queuedBytes -= message.length;
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}

/**
 * Opens a syslog client. The transport connects in the background; nothing
 * here waits for the daemon. Close it when done: a unix socket keeps the
 * event loop alive until then.
 * @throws {ValidationError} `invalid facility 'x'`, `invalid tag ''`, `invalid syslog target '…'`
 * @throws {JailError} `UNSUPPORTED` for a unix socket target without the unix-dgram addon
 * @example
 * const syslog = createSyslogClient({ target: 'udp://127.0.0.1:514', facility: 'local3', tag: 'jail-web' });
 * syslog.log('notice', 'hello');
 * await syslog.close();
 */
export function createSyslogClient(options: SyslogClientOptions = {}): SyslogClient {
  return new SyslogClient(options);
}
