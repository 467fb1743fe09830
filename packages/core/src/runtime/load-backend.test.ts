import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend/backend.js';
import { loadBackend, openJails } from './load-backend.js';

describe('loadBackend', () => {
  it('imports @jails/backend-<name> and calls its createBackend with the prefix', async () => {
    const seen: unknown[] = [];
    const backend = { name: 'sim' } as Backend;
    const importModule = async (specifier: string) => {
      seen.push(specifier);
      return {
        createBackend: (options: unknown) => {
          seen.push(options);
          return backend;
        },
      };
    };
    expect(await loadBackend({ name: 'sim', prefix: '/tmp/p' }, { importModule })).toBe(backend);
    expect(seen).toEqual(['@jails/backend-sim', { prefix: '/tmp/p' }]);
  });
  it('reports a backend package that cannot be found as BACKEND_UNAVAILABLE', async () => {
    await expect(loadBackend({ name: 'nonexistent' as never, prefix: '/tmp' })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: expect.stringMatching(
        /^\[jails:@jails\/backend-nonexistent\] cannot load @jails\/backend-nonexistent/,
      ),
    });
  });
  it('reports a backend package without createBackend', async () => {
    await expect(
      loadBackend({ name: 'netbsd', prefix: '/' }, { importModule: async () => ({ somethingElse: 1 }) }),
    ).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      message: '[jails:@jails/backend-netbsd] @jails/backend-netbsd does not export createBackend()',
    });
  });
});

describe('openJails', () => {
  it('loads the chosen backend through the importModule it is given', async () => {
    const seen: unknown[] = [];
    const backend = { name: 'sim', specVersion: 1 } as Backend;
    const { jails, choice } = await openJails({
      env: { JAILS_BACKEND: 'sim', JAILS_PREFIX: '/tmp/p' },
      tool: 'jailctl',
      importModule: async (specifier) => {
        seen.push(specifier);
        return {
          createBackend: (options: unknown) => {
            seen.push(options);
            return backend;
          },
        };
      },
    });
    expect(seen).toEqual(['@jails/backend-sim', { prefix: '/tmp/p' }]);
    expect(jails.backend).toBe(backend);
    expect(choice).toMatchObject({ name: 'sim', source: 'env', prefix: '/tmp/p' });
  });
});
