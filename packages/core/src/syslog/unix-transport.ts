import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { JailError } from '../errors/jail-error.js';
import {
  createReconnector,
  type SendResult,
  type SyslogTransport,
  type TransportHooks,
} from './transport.js';

/** The part of the `unix-dgram` addon's socket used here. */
interface UnixDgramSocket {
  connect(path: string): void;
  send(buf: Buffer, callback: (error?: Error & { code?: number }) => void): void;
  close(): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'connect' | 'writable', listener: () => void): void;
}

interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

let addon: UnixDgramModule | undefined;

// Node's dgram module has no AF_UNIX datagram sockets, and both /dev/log and
// NetBSD's /var/run/log are datagram-only; the small unix-dgram addon fills
// that gap (non-blocking sendmsg with a congestion signal). It is loaded only
// when a unix target is used, so the rest of core works without it.
function loadAddon(): UnixDgramModule {
  if (addon) return addon;
  try {
    addon = createRequire(import.meta.url)('unix-dgram') as UnixDgramModule;
    return addon;
  } catch (cause) {
    throw new JailError(
      'UNSUPPORTED',
      'syslog: unix datagram sockets need the optional dependency unix-dgram (a native addon: ' +
        'install it with build tools present), or configure a udp:// or tcp:// syslog target',
      { operation: 'syslog', cause },
    );
  }
}

const { errno } = constants;
const ADDON_CONGESTION = 1;
const GONE = new Set([errno.ECONNREFUSED, errno.ENOENT, errno.ENOTCONN, errno.EDESTADDRREQ, errno.ENOTSOCK]);

/**
 * Delivers to a local syslog socket (`/dev/log`, `/var/run/log`), as
 * syslog(3) does. An absent daemon makes the transport `down` and it
 * reconnects after `reconnectMs`; a full socket queue makes it `busy` until the
 * kernel reports the socket writable again.
 * @throws {JailError} `UNSUPPORTED` when the unix-dgram addon is not installed
 * @internal
 */
export function createUnixTransport(path: string, hooks: TransportHooks): SyslogTransport {
  const socket = loadAddon().createSocket('unix_dgram');
  let state: 'down' | 'ready' | 'busy' = 'down';
  let lastError: Error | undefined;

  socket.on('error', (error) => {
    lastError = error;
  });
  socket.on('connect', () => {
    state = 'ready';
  });
  socket.on('writable', () => {
    if (state === 'busy') state = 'ready';
    hooks.onReady();
  });

  const reconnect = createReconnector(() => {
    socket.connect(path); // synchronous for unix sockets: 'connect' or 'error' is emitted now
    if (state === 'ready') hooks.onReady();
    else reconnect.later();
  }, hooks.reconnectMs);

  socket.connect(path);
  if (state === 'down') reconnect.later();

  return {
    trySend(message: Buffer): SendResult {
      if (state !== 'ready') return state;
      let result: SendResult = 'sent';
      socket.send(message, (error) => {
        if (!error) return;
        const code = error.code ?? 0;
        if (code === ADDON_CONGESTION) {
          state = 'busy';
          result = 'busy';
          return;
        }
        lastError = error;
        if (-code === errno.EMSGSIZE) {
          result = 'rejected';
        } else if (GONE.has(-code)) {
          state = 'down';
          result = 'down';
          reconnect.later();
        } else {
          result = 'rejected';
        }
      });
      return result;
    },
    get connected() {
      return state !== 'down';
    },
    pendingBytes: 0,
    get lastError() {
      return lastError;
    },
    close() {
      reconnect.stop();
      socket.close();
    },
  };
}
