import { JailError } from '@jails/core/backend';
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';

function setup() {
  const k = new SimKernel();
  const jail = k.create(HOST_ROOT, { name: 'j', root: '/j', limits: { memoryMaxBytes: 1 << 20 } });
  const pid = k.spawn(HOST_ROOT, jail.id, ['/bin/sh']);
  const dead = k.spawn(HOST_ROOT, jail.id, ['/bin/sh']);
  k.exit(dead, { code: 0, signal: null });
  const reaped = k.spawn(HOST_ROOT, jail.id, ['/bin/sh']);
  k.exit(reaped, { code: 0, signal: null });
  k.reap(reaped);
  return { k, pid, dead, reaped };
}

type Setup = ReturnType<typeof setup>;

/** Bad input: each call must throw a JailError naming the argument, and change nothing. */
const CASES: readonly [label: string, call: (s: Setup) => unknown, field: string, errno: string][] = [
  ['unknown pid', ({ k }) => k.fork(4242), 'pid', 'ESRCH'],
  ['a zombie as the caller', ({ k, dead }) => k.mmap(dead, 4096), 'pid', 'ESRCH'],
  ['a reaped pid as the caller', ({ k, reaped }) => k.openFd(reaped), 'pid', 'ESRCH'],
  ['pid 0', ({ k }) => k.fork(0), 'pid', 'EINVAL'],
  ['negative pid', ({ k }) => k.exit(-5, { code: 0, signal: null }), 'pid', 'EINVAL'],
  ['fractional pid', ({ k }) => k.act(1.5, { kind: 'fork' }), 'pid', 'EINVAL'],
  ['pid as a string', ({ k }) => k.fork('100' as never), 'pid', 'EINVAL'],
  ['kill of an unknown pid', ({ k }) => k.kill(HOST_ROOT, 4242, 15), 'pid', 'ESRCH'],
  ['kill of a zombie', ({ k, dead }) => k.kill(HOST_ROOT, dead, 15), 'pid', 'ESRCH'],
  ['exit of a zombie', ({ k, dead }) => k.exit(dead, { code: 0, signal: null }), 'pid', 'ESRCH'],
  ['reap of a live process', ({ k, pid }) => k.reap(pid), 'pid', 'ECHILD'],
  ['signal 32', ({ k, pid }) => k.kill(HOST_ROOT, pid, 32), 'signal', 'EINVAL'],
  ['signal -1', ({ k, pid }) => k.kill(HOST_ROOT, pid, -1), 'signal', 'EINVAL'],
  ['signal 2.5', ({ k, pid }) => k.act(pid, { kind: 'signal-all', signal: 2.5 }), 'signal', 'EINVAL'],
  ['signal 64 to a group', ({ k, pid }) => k.killGroup(pid, 0, 64), 'signal', 'EINVAL'],
  ['port 65536', ({ k, pid }) => k.bind(pid, 65536), 'port', 'EINVAL'],
  ['port -1', ({ k, pid }) => k.act(pid, { kind: 'bind', port: -1 }), 'port', 'EINVAL'],
  ['port 80.5', ({ k }) => k.bind(HOST_ROOT, 80.5), 'port', 'EINVAL'],
  ['unknown address family', ({ k, pid }) => k.bind(pid, 80, 'ipx' as never), 'family', 'EINVAL'],
  ['negative mmap size', ({ k, pid }) => k.mmap(pid, -4096), 'bytes', 'EINVAL'],
  ['zero mmap size', ({ k, pid }) => k.mmap(pid, 0), 'bytes', 'EINVAL'],
  ['fractional mmap size', ({ k, pid }) => k.act(pid, { kind: 'mmap', bytes: 1.5 }), 'bytes', 'EINVAL'],
  ['NaN brk size', ({ k, pid }) => k.brk(pid, Number.NaN), 'bytes', 'EINVAL'],
  ['infinite mmap size', ({ k, pid }) => k.mmap(pid, Number.POSITIVE_INFINITY), 'bytes', 'EINVAL'],
  ['munmap of more than mapped', ({ k, pid }) => k.munmap(pid, 4096), 'bytes', 'EINVAL'],
  ['negative socket buffer', ({ k, pid }) => k.socket(pid, { sendBytes: -1 }), 'sendBytes', 'EINVAL'],
  ['zero SO_RCVBUF', ({ k, pid }) => k.setSockbuf(pid, 1, 'receive', 0), 'bytes', 'EINVAL'],
  ['unknown socket buffer', ({ k, pid }) => k.setSockbuf(pid, 1, 'both' as never, 10), 'buffer', 'EINVAL'],
  ['negative cpu ticks', ({ k, pid }) => k.consumeCpu(pid, -1), 'ticks', 'EINVAL'],
  ['fractional cpu demand', ({ k, pid }) => k.setCpuDemand(pid, 0.5), 'ticksPerSecond', 'EINVAL'],
  ['negative RLIMIT_SBSIZE', ({ k, pid }) => k.setSbsizeLimit(pid, -1), 'bytes', 'EINVAL'],
  ['jid beyond u32', ({ k, pid }) => k.enter(pid, 2 ** 32), 'jid', 'EINVAL'],
  ['negative uid', ({ k, pid }) => k.setuid(pid, -1), 'uid', 'EINVAL'],
  ['empty argv', ({ k }) => k.spawn(HOST_ROOT, 0, []), 'argv', 'EINVAL'],
  ['taken options.pid', ({ k, pid }) => k.spawn(HOST_ROOT, 0, ['x'], { pid }), 'options.pid', 'EEXIST'],
  [
    'negative options.vmBytes',
    ({ k }) => k.spawn(HOST_ROOT, 0, ['x'], { vmBytes: -1 }),
    'options.vmBytes',
    'EINVAL',
  ],
  [
    'unknown system action',
    ({ k, pid }) => k.system(pid, { action: 'frobnicate' } as never),
    'action',
    'EINVAL',
  ],
  [
    'unknown sysctl request',
    ({ k, pid }) => k.system(pid, { action: 'sysctl', request: 'write' } as never),
    'request',
    'EINVAL',
  ],
  ['unknown action kind', ({ k, pid }) => k.act(pid, { kind: 'teleport' } as never), 'action.kind', 'EINVAL'],
  ['init exits', ({ k }) => k.exit(1, { code: 0, signal: null }), 'pid', 'EINVAL'],
];

describe('bad input is a JailError naming the argument, never a crash or a silent success', () => {
  it.each(CASES)('%s', (_label, call, field, errno) => {
    const s = setup();
    const before = JSON.stringify(s.k.state);
    let error: unknown;
    try {
      call(s);
    } catch (e) {
      error = e;
    }
    expect(JailError.is(error), `threw ${String(error)}`).toBe(true);
    expect((error as JailError).field).toBe(field);
    expect((error as JailError).errno).toBe(errno);
    expect((error as JailError).message).toContain(field);
    expect(JSON.stringify(s.k.state)).toBe(before);
  });
});
