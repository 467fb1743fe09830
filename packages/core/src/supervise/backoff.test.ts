import { describe, expect, it } from 'vitest';
import { backoffStep, DEFAULT_BACKOFF } from './backoff.js';

describe('backoffStep', () => {
  it('waits 1, 2, 4, 8, 10, 10 s in a crash loop', () => {
    let current = DEFAULT_BACKOFF.initialMs;
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const step = backoffStep(current, 10);
      delays.push(step.delayMs);
      current = step.nextMs;
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('resets to 1 s after a run of at least 30 s, and does not double then', () => {
    expect(backoffStep(10_000, 30_000)).toEqual({ delayMs: 1000, nextMs: 1000 });
    expect(backoffStep(10_000, 29_999)).toEqual({ delayMs: 10_000, nextMs: 10_000 });
    expect(backoffStep(1000, 5)).toEqual({ delayMs: 1000, nextMs: 2000 });
  });
});
