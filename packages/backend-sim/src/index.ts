/**
 * `@jails/backend-sim`: the simulated secmodel_jail kernel behind the backend
 * SPI, for tests and for hosts without NetBSD.
 * @packageDocumentation
 */

export {
  createHostSampler,
  createProcfsSource,
  createPsSource,
  defaultProcSource,
  ENV_JAIL_NAME,
  ENV_JID,
  ENV_KERNEL,
  HOST_SIM_NOTICE,
  type HostJailData,
  type HostMemberRef,
  type HostProcEntry,
  type HostSampleReport,
  type HostSampler,
  type HostSamplerOptions,
  type HostSimProcess,
  type HostViolation,
  type ListeningSocket,
  type MemberSample,
  type MembershipChanges,
  type ProcfsSourceOptions,
  type ProcSource,
  type SignalSender,
  takeHostSimNotice,
} from './host/index.js';
export {
  createHostSimBackend,
  HOST_SIM_CAPABILITIES,
  type HostMemberView,
  type HostObservation,
  type HostSimBackend,
  type HostSimBackendOptions,
} from './host-backend.js';
export type { SimKernelEvent, SimResource, SimSubject } from './kernel/core.js';
export type { JailDecision } from './kernel/policy-system.js';
export type { SimSpawnOptions } from './kernel/process.js';
export { NETBSD_SIGNALS, signalName, signalNumber } from './kernel/signals.js';
export { DEFAULT_SOCKBUF_BYTES } from './kernel/sockbuf.js';
export {
  createSimScenario,
  ScenarioJail,
  ScenarioProcess,
  type ScenarioSpawnOptions,
  SimScenario,
  type SimScenarioOptions,
  type SimStatus,
} from './scenario.js';
export {
  createSimBackend,
  SIM_CAPABILITIES,
  type SimBackend,
  type SimBackendOptions,
} from './sim-backend.js';
export { SimKernel, type SimKernelOptions, toJailInfo } from './sim-kernel.js';
export {
  HOST_ROOT,
  initialSimState,
  type SimCred,
  type SimJailEntry,
  type SimKernelState,
  type SimProcess,
  type SimSocket,
} from './state.js';
export { SIM_STATE_RELATIVE_PATH, simPrefixFromEnv, simStatePath } from './store/paths.js';
export {
  initialSimStateDocument,
  parseSimState,
  SIM_STATE_FORMAT,
  SIM_STATE_FORMAT_VERSION,
  type SimDriverData,
  type SimStateDocument,
  serializeSimState,
} from './store/state-file.js';
export {
  createSimStateStore,
  type SimStateRecovery,
  type SimStateStore,
  type SimStateStoreOptions,
} from './store/state-store.js';
export { createBackend } from './tool-backend.js';
