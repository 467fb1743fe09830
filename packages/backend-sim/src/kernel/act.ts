/**
 * The SPI's action vocabulary ({@link SyscallAction}) mapped onto the
 * simulated syscalls, answering without throwing for kernel refusals.
 */
import {
  type ErrnoName,
  type JailError,
  type SyscallAction,
  type SyscallOutcome,
  ValidationError,
} from '@jails/core/backend';
import { allocFd, brk, closeFd, mmap, munmap } from './accounting.js';
import { sizeArg } from './args.js';
import type { KernelCore, KProc } from './core.js';
import { grantTicks } from './cpu.js';
import { createJail, destroyJail, enterJail, listJails, readId } from './jail-table.js';
import { listProcesses, seeProcess, signalAll, signalGroup, signalProcess } from './policy-process.js';
import { bindPort, connectPort, systemAction } from './policy-system.js';
import { execProcess, exitProcess, forkProcess, setSid, setUid, waitChild } from './process.js';
import { closeSocket, openSocket, setSockbuf } from './sockbuf.js';

type Raw = ErrnoName | { value: unknown } | undefined;

const isErrno = (r: unknown): r is ErrnoName => typeof r === 'string';
const val = (r: unknown): Raw => (isErrno(r) ? r : { value: r });

// The kernel's own refusals surface as errno results; only malformed input throws.
function kernelErrno(run: () => unknown): Raw {
  try {
    return val(run());
  } catch (error) {
    const e = error as JailError;
    if (e?.errno && e.errno !== 'EINVAL') return e.errno;
    throw error;
  }
}

function dispatch(k: KernelCore, p: KProc, a: SyscallAction): Raw {
  switch (a.kind) {
    case 'see':
      return seeProcess(k, p, a.pid);
    case 'ps':
      return { value: listProcesses(k, p) };
    case 'signal':
      return signalProcess(k, p, a.pid, a.signal);
    case 'signal-group':
      return val(signalGroup(k, p, p, a.pgid, a.signal));
    case 'signal-all':
      return val(signalAll(k, p, p, a.signal));
    case 'fork':
      return val(forkProcess(k, p));
    case 'exec':
      execProcess(k, p, a.argv);
      return undefined;
    case 'exit':
      exitProcess(k, p, { code: sizeArg(a.code, 'exit', 'code'), signal: null });
      return undefined;
    case 'wait':
      return val(waitChild(k, p, a.pid));
    case 'setuid':
      return setUid(p, a.uid);
    case 'setsid':
      return setSid(p);
    case 'enter':
      return enterJail(k, p, a.jid);
    case 'read-id':
      return val(readId(p));
    case 'jail-create':
      return kernelErrno(() => createJail(k, p, a.request));
    case 'jail-destroy':
      return kernelErrno(() => destroyJail(k, p, a.jid));
    case 'jail-list':
      return kernelErrno(() => listJails(k, p));
    case 'system':
      return systemAction(k, p, a);
    case 'bind':
      return bindPort(k, p, a.port, a.family);
    case 'connect':
      return connectPort(a.port, a.family);
    case 'mmap':
      return mmap(k, p, a.bytes);
    case 'munmap':
      return munmap(p, a.bytes);
    case 'brk':
      return brk(k, p, a.bytes);
    case 'open':
      return allocFd(k, p);
    case 'close':
      return closeFd(k, p);
    case 'socket':
      return val(openSocket(k, p, a.sendBytes, a.receiveBytes));
    case 'sockbuf':
      return setSockbuf(k, p, a.socket, a.buffer, a.bytes);
    case 'close-socket':
      return closeSocket(k, p, a.socket);
    case 'burn-cpu':
      return { value: grantTicks(k, p, sizeArg(a.ticks, 'burn-cpu', 'ticks')) };
    default:
      throw new ValidationError(
        'action.kind',
        `action.kind: unknown action ${String((a as { kind?: unknown }).kind)}`,
        {
          operation: 'act',
        },
      );
  }
}

const OK_UNDEFINED: SyscallOutcome = Object.freeze({ ok: true, value: undefined }) as SyscallOutcome;

/** Performs `action` as the live process `p`; refusals come back as `{ ok: false, errno }`. */
export function act(k: KernelCore, p: KProc, action: SyscallAction): SyscallOutcome {
  const raw = dispatch(k, p, action);
  if (raw === undefined) return OK_UNDEFINED;
  if (isErrno(raw)) return { ok: false, errno: raw };
  return { ok: true, value: raw.value } as SyscallOutcome;
}
