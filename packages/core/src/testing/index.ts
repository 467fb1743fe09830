/**
 * The backend conformance suite: the kernel contract as vitest tests, for
 * every backend to run. Requires `vitest` (a peer dependency).
 * @packageDocumentation
 */
export type { ConformanceCheck } from './checks.js';
export { ConformanceContext, type ConformanceFixtures, expectErrno } from './context.js';
export {
  allConformanceChecks,
  type BackendConformanceOptions,
  describeBackendConformance,
  runConformanceCheck,
} from './describe.js';
export { INVALID_CREATE_REQUESTS, kernelTableChecks } from './kernel-table-checks.js';
