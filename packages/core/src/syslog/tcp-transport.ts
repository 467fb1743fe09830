import { createConnection, type Socket } from 'node:net';
import type { SyslogTcpFraming } from './target.js';
import {
  createReconnector,
  type SendResult,
  type SyslogTransport,
  type TransportHooks,
} from './transport.js';

/** Bytes buffered in the socket before the transport reports `busy` and waits for `drain`. */
const HIGH_WATER_BYTES = 256 * 1024;

const LF = Buffer.from('\n');

/**
 * Delivers over a TCP connection with RFC 6587 framing (`<len> <msg>` octet
 * counting, or a trailing LF). A refused or broken connection makes the
 * transport `down` until it reconnects after `reconnectMs`; messages that were
 * written to a connection which then broke are reported lost.
 * @internal
 */
export function createTcpTransport(
  host: string,
  port: number,
  framing: SyslogTcpFraming,
  hooks: TransportHooks,
): SyslogTransport {
  let socket: Socket | undefined;
  let state: 'connecting' | 'ready' | 'busy' | 'down' = 'down';
  let lastError: Error | undefined;
  let closed = false;

  const reconnect = createReconnector(() => open(), hooks.reconnectMs);

  function open(): void {
    if (closed) return;
    const s = createConnection({ host, port });
    socket = s;
    state = 'connecting';
    s.unref();
    s.setNoDelay(true);
    s.on('connect', () => {
      state = 'ready';
      hooks.onReady();
    });
    s.on('drain', () => {
      if (state === 'busy') state = 'ready';
      hooks.onReady();
    });
    s.on('error', (error) => {
      lastError = error;
    });
    s.on('close', () => {
      if (socket !== s) return;
      socket = undefined;
      state = 'down';
      reconnect.later();
    });
    // A syslog daemon never talks back; reading keeps the close of a half-open peer visible.
    s.resume();
  }

  open();

  const frame = (message: Buffer): Buffer =>
    framing === 'lf'
      ? Buffer.concat([message, LF])
      : Buffer.concat([Buffer.from(`${message.length} `), message]);

  return {
    trySend(message: Buffer): SendResult {
      if (state === 'busy') return 'busy';
      if (state !== 'ready' || !socket) return 'down';
      socket.write(frame(message), (error) => {
        if (error) hooks.onLost(1, error);
      });
      if (socket.writableLength > HIGH_WATER_BYTES) state = 'busy';
      return 'sent';
    },
    get connected() {
      return state === 'ready' || state === 'busy';
    },
    get pendingBytes() {
      return socket?.writableLength ?? 0;
    },
    get lastError() {
      return lastError;
    },
    close() {
      closed = true;
      reconnect.stop();
      socket?.end();
      socket = undefined;
    },
  };
}
