import { defineConfig } from 'vitest/config';
import type { Reporter, TestModule } from 'vitest/node';

/** Ends the run with the plain `N passed, N failed, N skipped` line CI reads. */
class PlainSummary implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
    }
    process.stdout.write(
      `\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`,
    );
  }
}

// Sibling packages resolve to their TypeScript sources through the
// "jails-source" export condition, so tests never need a build first.
export default defineConfig({
  resolve: { conditions: ['jails-source'] },
  ssr: { resolve: { conditions: ['jails-source'] } },
  test: {
    reporters: ['default', new PlainSummary()],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['packages/*/src/**/*.test.ts', 'docs/examples/**/*.test.ts'] },
      },
      {
        // End-to-end tests run the built binaries, as a user would.
        extends: true,
        test: {
          name: 'cli',
          include: ['packages/*/test/**/*.test.ts'],
          globalSetup: ['packages/jailctl/test/global-setup.ts'],
        },
      },
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
