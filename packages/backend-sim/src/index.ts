/**
 * `@jails/backend-sim`: the simulated secmodel_jail kernel behind the backend
 * SPI, for tests and for hosts without NetBSD.
 * @packageDocumentation
 */

export type { SimKernelEvent, SimResource, SimSubject } from './kernel/core.js';
export type { JailDecision } from './kernel/policy-system.js';
export type { SimSpawnOptions } from './kernel/process.js';
export { NETBSD_SIGNALS, signalName, signalNumber } from './kernel/signals.js';
export { DEFAULT_SOCKBUF_BYTES } from './kernel/sockbuf.js';
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
