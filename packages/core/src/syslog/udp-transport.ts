import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import {
  createReconnector,
  type SendResult,
  type SyslogTransport,
  type TransportHooks,
} from './transport.js';

/** Datagrams handed to Node but not yet to the kernel before the transport reports `busy`. */
const MAX_IN_FLIGHT = 256;

/**
 * Delivers one message per UDP datagram. The socket is connected, so an ICMP
 * "port unreachable" from an absent daemon surfaces as an error, which counts
 * the message as lost; UDP gives no other delivery guarantee.
 * @internal
 */
export function createUdpTransport(host: string, port: number, hooks: TransportHooks): SyslogTransport {
  let socket: Socket | undefined;
  let state: 'connecting' | 'ready' | 'down' = 'down';
  let inFlight = 0;
  let inFlightBytes = 0;
  let lastError: Error | undefined;
  let closed = false;

  const reconnect = createReconnector(() => open(), hooks.reconnectMs);

  function open(): void {
    if (closed) return;
    const s = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    socket = s;
    state = 'connecting';
    s.unref();
    s.on('error', (error) => {
      lastError = error;
      if (socket !== s) return;
      state = 'down';
      socket = undefined;
      s.close();
      reconnect.later();
    });
    s.connect(port, host, () => {
      if (socket !== s) return;
      state = 'ready';
      hooks.onReady();
    });
  }

  open();

  return {
    trySend(message: Buffer): SendResult {
      if (state !== 'ready' || !socket) return 'down';
      if (inFlight >= MAX_IN_FLIGHT) return 'busy';
      inFlight++;
      inFlightBytes += message.length;
      socket.send(message, (error) => {
        inFlight--;
        inFlightBytes -= message.length;
        if (error) {
          lastError = error;
          hooks.onLost(1, error);
        }
        if (inFlight === MAX_IN_FLIGHT - 1 || inFlight === 0) hooks.onReady();
      });
      return 'sent';
    },
    get connected() {
      return state === 'ready';
    },
    get pendingBytes() {
      return inFlightBytes;
    },
    get lastError() {
      return lastError;
    },
    close() {
      closed = true;
      reconnect.stop();
      socket?.close();
      socket = undefined;
    },
  };
}
