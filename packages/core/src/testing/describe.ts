import { describe, expect, it } from 'vitest';
import type { Backend, BackendCapabilities } from '../backend/backend.js';
import { memoryChecks, procChecks } from './accounting-checks.js';
import type { ConformanceCheck } from './checks.js';
import { ConformanceContext, type ConformanceFixtures } from './context.js';
import { cpuChecks } from './cpu-checks.js';
import { credentialChecks } from './credential-checks.js';
import { fdSockbufChecks } from './fd-sockbuf-checks.js';
import { kernelTableChecks } from './kernel-table-checks.js';
import { portChecks } from './port-checks.js';
import { processScopeChecks } from './process-policy-checks.js';
import { summaryChecks } from './summary-checks.js';
import { systemScopeChecks } from './system-policy-checks.js';

/** Options of {@link describeBackendConformance}. */
export interface BackendConformanceOptions extends ConformanceFixtures {
  /** Label of the describe block. */
  readonly name: string;
  /** Makes a fresh backend; called once per check. */
  readonly create: () => Backend | Promise<Backend>;
  /**
   * The capabilities the backend declares. Tests are gated on these, and the
   * suite checks that every created backend declares exactly them.
   */
  readonly capabilities: BackendCapabilities;
  /** Extra checks to run besides the built-in ones. */
  readonly extraChecks?: readonly ConformanceCheck[];
}

/** Every built-in check of the backend contract, in order. */
export function allConformanceChecks(): readonly ConformanceCheck[] {
  return [
    ...kernelTableChecks,
    ...credentialChecks,
    ...processScopeChecks,
    ...systemScopeChecks,
    ...portChecks,
    ...summaryChecks,
    ...procChecks,
    ...memoryChecks,
    ...fdSockbufChecks,
    ...cpuChecks,
  ];
}

const withDefaults = (o: ConformanceFixtures): Required<ConformanceFixtures> => ({
  rootFor: o.rootFor ?? ((name) => `/var/jails-conformance/${name}`),
  sleepArgv: o.sleepArgv ?? ['/bin/sleep', '600'],
  namePrefix: o.namePrefix ?? 'cf',
});

/**
 * Runs one check against a fresh backend from `create`, cleaning up after it.
 * @throws whatever the check throws when the backend breaks the rule
 */
export async function runConformanceCheck(
  check: ConformanceCheck,
  create: () => Backend | Promise<Backend>,
  fixtures: ConformanceFixtures = {},
): Promise<void> {
  const ctx = new ConformanceContext(await create(), withDefaults(fixtures));
  try {
    await check.run(ctx);
  } finally {
    await ctx.cleanup();
  }
}

/**
 * Registers the backend contract as vitest tests: one test per check whose
 * `requires` holds for the declared capabilities; the others are reported as
 * skipped by capability, never by name.
 * @example
 * describeBackendConformance({ name: 'sim', capabilities: SIM_CAPABILITIES, create: () => createSimBackend() });
 */
export function describeBackendConformance(options: BackendConformanceOptions): void {
  const checks = [...allConformanceChecks(), ...(options.extraChecks ?? [])];
  describe(`backend conformance: ${options.name}`, () => {
    it('declares the capabilities it was registered with, and SPI version 1', async () => {
      const backend = await options.create();
      try {
        expect(backend.specVersion).toBe(1);
        expect(backend.capabilities).toEqual(options.capabilities);
      } finally {
        await backend.dispose();
      }
    });
    for (const check of checks) {
      const applies = check.requires?.(options.capabilities) ?? true;
      it.runIf(applies)(check.name, () => runConformanceCheck(check, options.create, options));
    }
  });
}
