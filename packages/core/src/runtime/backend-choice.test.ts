import { describe, expect, it } from 'vitest';
import { chooseBackend, defaultSimPrefix } from './backend-choice.js';

describe('chooseBackend', () => {
  it('defaults to netbsd on NetBSD, without a notice, under /', () => {
    expect(chooseBackend({ env: {}, platform: 'netbsd' })).toEqual({
      name: 'netbsd',
      source: 'default',
      prefix: '/',
    });
  });
  it('defaults to sim elsewhere, with a one-line notice naming the state', () => {
    const choice = chooseBackend({ env: { HOME: '/home/op' }, platform: 'linux', tool: 'jailctl' });
    expect(choice).toMatchObject({
      name: 'sim',
      source: 'default',
      prefix: '/home/op/.local/state/jails-sim',
    });
    expect(choice.notice).toMatch(
      /^jailctl: not NetBSD: using the simulated backend \(state in \/home\/op\/.+\)/,
    );
    expect(choice.notice).not.toContain('\n');
  });
  it('takes JAILS_BACKEND and JAILS_PREFIX, and the flag over both', () => {
    const env = { JAILS_BACKEND: 'sim', JAILS_PREFIX: '/tmp/p' };
    expect(chooseBackend({ env, platform: 'netbsd' })).toEqual({
      name: 'sim',
      source: 'env',
      prefix: '/tmp/p',
    });
    expect(chooseBackend({ env, flag: 'netbsd', platform: 'linux' })).toEqual({
      name: 'netbsd',
      source: 'flag',
      prefix: '/tmp/p',
    });
  });
  it('treats an empty JAILS_BACKEND as unset', () => {
    expect(chooseBackend({ env: { JAILS_BACKEND: '' }, platform: 'netbsd' }).source).toBe('default');
  });
  it('names the source of an unknown backend', () => {
    expect(() => chooseBackend({ flag: 'docker', env: {} })).toThrow(
      "--backend: unknown backend 'docker' (expected netbsd|sim)",
    );
    expect(() => chooseBackend({ env: { JAILS_BACKEND: 'xen' } })).toThrow(
      "JAILS_BACKEND: unknown backend 'xen'",
    );
  });
  it('prefers XDG_STATE_HOME for the sim prefix', () => {
    expect(defaultSimPrefix({ XDG_STATE_HOME: '/x', HOME: '/h' })).toBe('/x/jails-sim');
  });
});
