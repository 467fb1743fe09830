import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSupervisor } from './control.js';
import { readSupervisorRecords } from './supervisor-record.js';
import { isAlive, waitUntil } from './test-support/wait.js';

const MAIN = join(import.meta.dirname, 'test-support/foreground-main.ts');

describe('runSupervisorForeground in its own process', () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'jails-fg-'));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    it(`ignores SIGHUP and shuts down on ${signal}, removing its record`, async () => {
      const child = spawn(
        process.execPath,
        [
          '--conditions=jails-source',
          '--import',
          'tsx',
          MAIN,
          JSON.stringify({ stateDir, argv: ['sleep', '300'] }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => {
        out += String(d);
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const workload = Number((await waitUntil('started', () => /started (\d+)/.exec(out)))[1]);
        const record = await waitUntil('the record', () => findSupervisor({ stateDir, jailId: 5 }));
        expect(record).toMatchObject({ pid: child.pid, title: 'jailctl supervise jail=fg jid=5' });
        child.kill('SIGHUP');
        await new Promise((r) => setTimeout(r, 200));
        expect(isAlive(child.pid!) && isAlive(workload)).toBe(true);
        child.kill(signal);
        expect(await exited).toBe(0);
        expect(out).toContain('stopped runs=1');
        expect(isAlive(workload)).toBe(false);
        expect(await readSupervisorRecords(stateDir, 5)).toEqual([]);
      } finally {
        child.kill('SIGKILL');
      }
    });
  }
});
