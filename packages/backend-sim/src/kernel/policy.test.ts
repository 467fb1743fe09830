import { SYSTEM_POLICY_TABLE } from '@jails/core/testing';
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../sim-kernel.js';
import { HOST_ROOT, type SimCred } from '../state.js';

describe('system scope (upstream-facts 3.3), with bare credentials', () => {
  const k = new SimKernel();
  const low = k.create(HOST_ROOT, { name: 'low', root: '/l', profile: 'low' }).id;
  const medium = k.create(HOST_ROOT, { name: 'medium', root: '/m', profile: 'medium' }).id;
  const high = k.create(HOST_ROOT, { name: 'high', root: '/h', profile: 'high' }).id;
  const jids = { low, medium, high } as const;
  const hostUser: SimCred = { uid: 1000, euid: 1000, jid: 0 };

  it.each(SYSTEM_POLICY_TABLE)('$row: jail decision per profile, host creds defer', (row) => {
    for (const profile of ['low', 'medium', 'high'] as const) {
      const decision = k.systemDecision({ uid: 0, euid: 0, jid: jids[profile] }, row.request);
      expect(decision, profile).toBe(row[profile] === 'ok' ? 'defer' : 'deny');
    }
    expect(k.systemDecision(HOST_ROOT, row.request)).toBe('defer');
    expect(k.systemDecision(hostUser, row.request)).toBe('defer');
  });

  it('a jailed credential whose jail entry is gone defers (a stale cred is unrestricted by jails)', () => {
    const gone = k.create(HOST_ROOT, { name: 'gone', root: '/g', profile: 'high' }).id;
    k.destroy(HOST_ROOT, gone);
    const stale: SimCred = { uid: 0, euid: 0, jid: gone };
    for (const row of SYSTEM_POLICY_TABLE)
      expect(k.systemDecision(stale, row.request), row.row).toBe('defer');
    expect(() => k.system(stale, { action: 'mount', request: 'new' })).not.toThrow();
    expect(() => k.system({ ...stale, uid: 5, euid: 5 }, { action: 'reboot' })).toThrow(
      expect.objectContaining({ errno: 'EPERM' }),
    );
  });

  it('a jailed non-root user meets the normal rules where the jail defers', () => {
    const user: SimCred = { uid: 1000, euid: 1000, jid: low };
    expect(() => k.system(user, { action: 'sysctl', request: 'desc' })).not.toThrow();
    expect(() => k.system(user, { action: 'mount', request: 'get' })).not.toThrow();
    expect(() => k.system(user, { action: 'time' })).toThrow(expect.objectContaining({ errno: 'EPERM' }));
  });
});

describe('network scope (upstream-facts 3.4) with bare credentials', () => {
  it('a stale jailed credential is not the owner of anything; other families defer', () => {
    const k = new SimKernel();
    const owner = k.create(HOST_ROOT, { name: 'o', root: '/o', reservedPorts: [80, 8080] }).id;
    const gone = k.create(HOST_ROOT, { name: 'g', root: '/g' }).id;
    k.destroy(HOST_ROOT, gone);
    expect(() => k.bind({ uid: 0, euid: 0, jid: gone }, 8080)).toThrow(
      expect.objectContaining({ errno: 'EACCES' }),
    );
    expect(() => k.bind({ uid: 1000, euid: 1000, jid: owner }, 80, 'inet6')).not.toThrow();
    expect(() => k.bind(HOST_ROOT, 80, 'local')).not.toThrow();
    expect(() => k.bind({ uid: 1000, euid: 1000, jid: 0 }, 0)).not.toThrow();
  });
});

describe('process scope (upstream-facts 3.2) listings', () => {
  it('each caller lists exactly the processes of its own jid; host root lists all', () => {
    const k = new SimKernel();
    const a = k.create(HOST_ROOT, { name: 'a', root: '/a' }).id;
    const b = k.create(HOST_ROOT, { name: 'b', root: '/b' }).id;
    const pa = k.spawn(HOST_ROOT, a, ['a']);
    const pb = k.spawn(HOST_ROOT, b, ['b']);
    const zombie = k.fork(pa);
    k.exit(zombie, { code: 0, signal: null });
    const ph = k.spawn(HOST_ROOT, 0, ['h']);
    k.setuid(ph, 1000);
    expect(k.processes(pa).map((p) => p.pid)).toEqual([pa, zombie]);
    expect(k.processes(pa).find((p) => p.pid === zombie)?.state).toBe('zombie');
    expect(k.processes(pb).map((p) => p.pid)).toEqual([pb]);
    expect(k.processes(ph).map((p) => p.pid)).toEqual([1, ph]);
    expect(k.processes().map((p) => p.pid)).toEqual([1, pa, pb, zombie, ph]);
    expect(k.canSee(ph, pa)).toBe(false);
    expect(k.canSee(pa, 99_999)).toBe(false);
  });
});
