import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackendConformance } from '@jails/core/testing';
import { afterAll } from 'vitest';
import { createHostSimBackend, HOST_SIM_CAPABILITIES } from './index.js';

const prefixes: string[] = [];
afterAll(() => {
  for (const p of prefixes) rmSync(p, { recursive: true, force: true });
});

describeBackendConformance({
  name: 'sim (host driver, persistent state)',
  capabilities: HOST_SIM_CAPABILITIES,
  // a fresh prefix per check: the id-wrap check leaves its kernel at EOVERFLOW
  create: () => {
    const prefix = mkdtempSync(join(tmpdir(), 'jails-host-cf-'));
    prefixes.push(prefix);
    return createHostSimBackend({ prefix });
  },
  sleepArgv: ['sleep', '600'],
});
