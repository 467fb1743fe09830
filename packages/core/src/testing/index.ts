/**
 * The backend conformance suite: the kernel contract as vitest tests, for
 * every backend to run. Requires `vitest` (a peer dependency).
 * @packageDocumentation
 */
export {
  exactAccounting,
  exactAccountingWithClock,
  type LimitedJail,
  limitedJail,
  memoryChecks,
  procChecks,
} from './accounting-checks.js';
export type { ConformanceCheck, ExpectedOutcome } from './checks.js';
export { ConformanceContext, type ConformanceFixtures, describeAction, expectErrno } from './context.js';
export { cpuChecks } from './cpu-checks.js';
export { credentialChecks } from './credential-checks.js';
export {
  allConformanceChecks,
  type BackendConformanceOptions,
  describeBackendConformance,
  runConformanceCheck,
} from './describe.js';
export { fdSockbufChecks } from './fd-sockbuf-checks.js';
export { INVALID_CREATE_REQUESTS, kernelTableChecks } from './kernel-table-checks.js';
export {
  NETWORK_POLICY_TABLE,
  type PortCase,
  type PortRow,
  portChecks,
  TABLE_PORTS,
} from './port-checks.js';
export {
  CANSEE_TABLE,
  enforcesPolicy,
  type PolicyCase,
  type PolicyRow,
  processScopeChecks,
  SIGNAL_TABLE,
} from './process-policy-checks.js';
export {
  SUMMARY_TABLE,
  type SummaryAct,
  type SummaryCase,
  type SummaryRow,
  summaryChecks,
} from './summary-checks.js';
export { SYSTEM_POLICY_TABLE, type SystemPolicyRow, systemScopeChecks } from './system-policy-checks.js';
export { ACTORS, type ActorName, type PolicyWorld, policyWorld, USER_UID } from './world.js';
