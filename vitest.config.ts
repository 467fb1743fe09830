import { defineConfig } from 'vitest/config';

// Sibling packages resolve to their TypeScript sources through the
// "jails-source" export condition, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['jails-source'] },
  ssr: { resolve: { conditions: ['jails-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
