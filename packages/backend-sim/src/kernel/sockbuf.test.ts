import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT } from '../state.js';
import { DEFAULT_SOCKBUF_BYTES } from './sockbuf.js';

function setup(sockbufMaxBytes = 100_000) {
  const k = new SimKernel();
  const { id } = k.create(HOST_ROOT, { name: 'j', root: '/j', limits: { sockbufMaxBytes } });
  const pid = k.spawn(HOST_ROOT, id, ['sh']);
  return { k, id, pid, current: () => k.jail(id)?.sockbufCurrent };
}

describe('socket buffers (upstream-facts 4.4)', () => {
  it('a new socket reserves the default sizes and takes a descriptor', () => {
    const { k, pid, current } = setup();
    k.socket(pid);
    expect(current()).toBe(2 * DEFAULT_SOCKBUF_BYTES);
    expect(k.process(pid)?.fds).toBe(4);
  });

  it('a socket passed to a host process stays charged to its creator’s jail; after destroy its release is ignored', () => {
    const { k, id, pid, current } = setup();
    const host = k.spawn(HOST_ROOT, 0, ['collector']);
    const s = k.socket(pid, { sendBytes: 10_000, receiveBytes: 10_000 });
    k.passSocket(pid, s, host);
    expect(k.process(pid)?.fds).toBe(3);
    k.setSockbuf(host, s, 'send', 30_000);
    expect(current()).toBe(40_000);
    k.exit(pid, { code: 0, signal: null });
    expect(current(), 'the socket lives on in the host process').toBe(40_000);
    k.reap(pid);
    k.destroy(HOST_ROOT, id);
    k.setSockbuf(host, s, 'receive', 500_000);
    k.closeSocket(host, s);
    expect(k.state.sockets).toEqual([]);
  });

  it('a release floors at 0', () => {
    const { k, id, pid, current } = setup();
    const s = k.socket(pid, { sendBytes: 100, receiveBytes: 100 });
    const entry = k.jail(id);
    if (entry) entry.sockbufCurrent = 50;
    k.closeSocket(pid, s);
    expect(current()).toBe(0);
  });

  it('RLIMIT_SBSIZE: when the per-uid accounting fails the jail charge is rolled back (ENOBUFS, no deny counted)', () => {
    const { k, id, pid, current } = setup();
    k.setSbsizeLimit(pid, 50_000);
    const s = k.socket(pid, { sendBytes: 20_000, receiveBytes: 20_000 });
    expect(k.act(pid, { kind: 'sockbuf', socket: s, buffer: 'send', bytes: 40_000 })).toEqual({
      ok: false,
      errno: 'ENOBUFS',
    });
    expect(current()).toBe(40_000);
    expect(k.jail(id)?.counters.denySockbuf).toBe(0);
    expect(k.act(pid, { kind: 'socket', sendBytes: 5_000, receiveBytes: 6_000 })).toEqual({
      ok: false,
      errno: 'ENOBUFS',
    });
    expect(current(), 'the send buffer of the failed socket was released too').toBe(40_000);
    expect(k.process(pid)?.fds, 'and its descriptor given back').toBe(4);
  });

  it('a refused socket charges nothing and keeps its descriptor count', () => {
    const { k, id, pid, current } = setup(1000);
    expect(k.act(pid, { kind: 'socket', sendBytes: 600, receiveBytes: 600 })).toEqual({
      ok: false,
      errno: 'ENOBUFS',
    });
    expect(current()).toBe(0);
    expect(k.process(pid)?.fds).toBe(3);
    expect(k.jail(id)?.counters.denySockbuf).toBe(1);
  });

  it('descriptors: passing a socket to a full process is EMFILE; close of a socket one does not hold is EBADF', () => {
    const k = new SimKernel();
    const { id } = k.create(HOST_ROOT, { name: 'j', root: '/j', limits: { fdMax: 3 } });
    const full = k.spawn(HOST_ROOT, id, ['sh']);
    const host = k.spawn(HOST_ROOT, 0, ['sh']);
    const s = k.socket(host);
    expect(k.act(host, { kind: 'close-socket', socket: s + 1 })).toEqual({ ok: false, errno: 'EBADF' });
    expect(() => k.passSocket(host, s, full)).toThrow(expect.objectContaining({ errno: 'EMFILE' }));
    expect(k.act(full, { kind: 'close-socket', socket: s })).toEqual({ ok: false, errno: 'EBADF' });
    k.closeFd(full);
    k.closeFd(full);
    k.closeFd(full);
    expect(k.act(full, { kind: 'close' })).toEqual({ ok: false, errno: 'EBADF' });
  });
});
