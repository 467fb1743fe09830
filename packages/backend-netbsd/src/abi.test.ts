import { describe, expect, it } from 'vitest';
import { createFlags, JAIL_CREATE_FLAGS } from './abi.js';

describe('createFlags', () => {
  it('sets no bit for a bare request', () => {
    expect(createFlags({ name: 'a', root: '/a' })).toBe(0);
  });
  it('sets one bit per present field, as the seed’s web jail needs', () => {
    const flags = createFlags({
      name: 'web',
      root: '/var/jailmgr/jails/web/root',
      profile: 'medium',
      limits: {
        cpuQuotaTicks: 200,
        cpuPeriodMicros: 1_000_000,
        memoryMaxBytes: 536870912,
        procMax: 512,
        fdMax: 8192,
        sockbufMaxBytes: 134217728,
      },
      reservedPorts: [8080],
    });
    expect(flags).toBe(0xff);
  });
  it('flags a limit that is present even when it is 0, so the kernel can reject it', () => {
    expect(createFlags({ name: 'a', root: '/a', limits: { fdMax: 0 } })).toBe(JAIL_CREATE_FLAGS.fdMax);
    expect(createFlags({ name: 'a', root: '/a', reservedPorts: [] })).toBe(JAIL_CREATE_FLAGS.reservedPorts);
  });
});

describe('createBackend', () => {
  it('says plainly that the NetBSD backend is not available yet', async () => {
    const { createBackend } = await import('./tool-backend.js');
    expect(() => createBackend({ prefix: '/' })).toThrow(/NetBSD backend is not available in this version/);
  });
});
