import { describe, expect, it } from 'vitest';
import { createFakeClock, systemClock } from './clock.js';

describe('createFakeClock', () => {
  it('wakes sleepers in deadline order only when advanced', async () => {
    const clock = createFakeClock(1000);
    const woken: string[] = [];
    void clock.sleep(200).then(() => woken.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woken.push(`a@${clock.now()}`));
    await clock.advance(50);
    expect(woken).toEqual([]);
    expect(clock.pendingSleeps()).toEqual([1100, 1200]);
    await clock.advance(150);
    expect(woken).toEqual(['a@1100', 'b@1200']);
    expect(clock.now()).toBe(1200);
  });
  it('runNext jumps to the next deadline, and a sleep can be aborted', async () => {
    const clock = createFakeClock();
    const ac = new AbortController();
    const aborted = clock.sleep(10, ac.signal).catch((e: unknown) => e);
    ac.abort(new Error('stop'));
    expect(((await aborted) as Error).message).toBe('stop');
    expect(await clock.runNext()).toBe(false);
    const slept = clock.sleep(5000);
    expect(await clock.runNext()).toBe(true);
    await slept;
    expect(clock.now()).toBe(5000);
  });
});

describe('systemClock', () => {
  it('sleeps and honours an abort', async () => {
    await systemClock.sleep(1);
    const ac = new AbortController();
    const p = systemClock.sleep(10_000, ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
  });
});
