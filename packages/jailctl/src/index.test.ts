import { createJails } from '@jails/core';
import { describe, expect, it } from 'vitest';
import { TOOL_NAME } from './index.js';

describe('jailctl package', () => {
  it('names itself and resolves the SDK it is built on', () => {
    expect(TOOL_NAME).toBe('jailctl');
    expect(typeof createJails).toBe('function');
  });
});
