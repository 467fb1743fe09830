/**
 * Socket buffers (upstream-facts 4.4): the one per-jail sum. A reservation
 * that grows charges the difference to the jail of the socket's creating
 * credential (ENOBUFS and `denySockbuf`++ past `sockbufMaxBytes`); then the
 * per-uid `RLIMIT_SBSIZE` accounting runs and, if it fails, the charge is
 * rolled back. Shrinks and teardown release; releases floor at 0 and are
 * ignored for a jail that is gone.
 */
import type { ErrnoName } from '@jails/core/backend';
import { errnoError } from '@jails/core/backend';
import type { SimSocket } from '../state.js';
import { admits, allocFd, denied } from './accounting.js';
import { sizeArg } from './args.js';
import type { KernelCore, KProc } from './core.js';

/** Default send and receive reservation of a new socket (NetBSD's `tcp_sendspace` / `tcp_recvspace`). */
export const DEFAULT_SOCKBUF_BYTES = 32 * 1024;

type Buffer = 'send' | 'receive';
const FIELD = { send: 'sendBytes', receive: 'receiveBytes' } as const;

function charge(k: KernelCore, p: KProc, sock: SimSocket, bytes: number): ErrnoName | undefined {
  const e = sock.jid === 0 ? undefined : k.jails.get(sock.jid);
  if (!e) return undefined;
  if (!admits(e.limits.sockbufMaxBytes, e.sockbufCurrent, bytes)) {
    e.counters.denySockbuf += 1;
    return denied(k, p, 'sockbuf', 'ENOBUFS');
  }
  e.sockbufCurrent += bytes;
  return undefined;
}

function uncharge(k: KernelCore, jid: number, bytes: number): void {
  const e = jid === 0 ? undefined : k.jails.get(jid);
  if (e) e.sockbufCurrent = Math.max(0, e.sockbufCurrent - bytes);
}

/** sbreserve(): sets one buffer of `sock` to `to` bytes on behalf of `p`. */
function reserve(
  k: KernelCore,
  p: KProc,
  sock: SimSocket,
  buffer: Buffer,
  to: number,
): ErrnoName | undefined {
  const field = FIELD[buffer];
  const grow = to - sock[field];
  if (grow > 0) {
    const err = charge(k, p, sock, grow);
    if (err) return err;
    const limit = p.sbsizeLimitBytes;
    if (limit !== 0 && (k.uidSockbuf.get(sock.uid) ?? 0) + grow > limit) {
      uncharge(k, sock.jid, grow);
      return 'ENOBUFS';
    }
  }
  k.addUidSockbuf(sock.uid, grow);
  sock[field] = to;
  if (grow < 0) uncharge(k, sock.jid, -grow);
  return undefined;
}

/**
 * socket(2): a descriptor is allocated first (EMFILE), then the send and
 * receive buffers are reserved (ENOBUFS; the send buffer is released again
 * when the receive buffer fails, and the descriptor is given back).
 * @returns the socket's id, or the errno
 */
export function openSocket(
  k: KernelCore,
  p: KProc,
  sendBytes: unknown,
  receiveBytes: unknown,
): number | ErrnoName {
  const send = sizeArg(sendBytes ?? DEFAULT_SOCKBUF_BYTES, 'socket', 'sendBytes', 1);
  const receive = sizeArg(receiveBytes ?? DEFAULT_SOCKBUF_BYTES, 'socket', 'receiveBytes', 1);
  const fdErr = allocFd(k, p);
  if (fdErr) return fdErr;
  const sock: SimSocket = { id: 0, jid: p.jid, uid: p.euid, holderPid: p.pid, sendBytes: 0, receiveBytes: 0 };
  const err = reserve(k, p, sock, 'send', send) ?? reserve(k, p, sock, 'receive', receive);
  if (err) {
    reserve(k, p, sock, 'send', 0);
    p.fds -= 1;
    return err;
  }
  sock.id = k.state.nextSocketId++;
  k.state.sockets.push(sock);
  k.sockets.set(sock.id, sock);
  k.holdSocket(p.pid, sock.id);
  return sock.id;
}

function heldSocket(k: KernelCore, p: KProc, id: unknown, operation: string): SimSocket | undefined {
  const sid = sizeArg(id, operation, 'socket', 1);
  return k.held.get(p.pid)?.has(sid) ? k.sockets.get(sid) : undefined;
}

/** setsockopt(SO_SNDBUF / SO_RCVBUF): EBADF for a socket `p` does not hold. */
export function setSockbuf(
  k: KernelCore,
  p: KProc,
  id: unknown,
  buffer: unknown,
  bytes: unknown,
): ErrnoName | undefined {
  if (buffer !== 'send' && buffer !== 'receive') {
    throw errnoError('EINVAL', {
      operation: 'setsockopt',
      field: 'buffer',
      detail: 'buffer: must be send or receive',
    });
  }
  const to = sizeArg(bytes, 'setsockopt', 'bytes', 1);
  const sock = heldSocket(k, p, id, 'setsockopt');
  return sock ? reserve(k, p, sock, buffer, to) : 'EBADF';
}

/** Teardown of a socket `p` holds: both buffers are released in full. */
export function closeSocketOf(k: KernelCore, p: KProc, id: number): void {
  const sock = k.sockets.get(id);
  if (!sock) return;
  uncharge(k, sock.jid, sock.sendBytes + sock.receiveBytes);
  k.addUidSockbuf(sock.uid, -(sock.sendBytes + sock.receiveBytes));
  const list = k.state.sockets;
  list.splice(list.indexOf(sock), 1);
  k.sockets.delete(id);
  k.held.get(p.pid)?.delete(id);
  p.fds -= 1;
}

/** close(2) of a socket descriptor: EBADF for a socket `p` does not hold. */
export function closeSocket(k: KernelCore, p: KProc, id: unknown): ErrnoName | undefined {
  const sock = heldSocket(k, p, id, 'close');
  if (!sock) return 'EBADF';
  closeSocketOf(k, p, sock.id);
  return undefined;
}

/**
 * Passes a socket from `from` to `to` (SCM_RIGHTS): the receiver allocates
 * a descriptor (fd admission applies), the sender closes its own. The
 * socket stays charged to its creator's jail.
 */
export function passSocket(k: KernelCore, from: KProc, id: unknown, to: KProc): ErrnoName | undefined {
  const sock = heldSocket(k, from, id, 'sendmsg');
  if (!sock) return 'EBADF';
  const err = allocFd(k, to);
  if (err) return err;
  k.held.get(from.pid)?.delete(sock.id);
  from.fds -= 1;
  sock.holderPid = to.pid;
  k.holdSocket(to.pid, sock.id);
  return undefined;
}

/** setrlimit(RLIMIT_SBSIZE) for `p`; 0 = infinity. */
export function setSbsizeLimit(p: KProc, bytes: unknown): void {
  p.sbsizeLimitBytes = sizeArg(bytes, 'setrlimit', 'bytes');
}
