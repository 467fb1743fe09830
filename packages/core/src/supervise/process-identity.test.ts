import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { identifyProcess, isSameProcess, processCommandLine, processStartTime } from './process-identity.js';

describe('process identity', () => {
  it('reads a live process start time and command line', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const id = await identifyProcess(child.pid!);
      expect(id?.startTime).toMatch(/^(stat|ps):\S/);
      expect(await processStartTime(child.pid!)).toBe(id?.startTime);
      expect(await processCommandLine(child.pid!)).toBe('sleep 30');
      expect(await isSameProcess(id!, 'sleep 30')).toBe(true);
      expect(await isSameProcess(id!, 'jailctl supervise')).toBe(false);
      expect(await isSameProcess({ pid: child.pid!, startTime: 'stat:1' })).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says undefined for processes that do not exist', async () => {
    const child = spawn('true', { stdio: 'ignore' });
    await new Promise((r) => child.once('exit', r));
    expect(await processStartTime(child.pid!)).toBeUndefined();
    expect(await processStartTime(0)).toBeUndefined();
    expect(await processCommandLine(-1)).toBeUndefined();
  });
});
