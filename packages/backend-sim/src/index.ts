/**
 * `@jails/backend-sim`: the simulated secmodel_jail kernel behind the backend
 * SPI, for tests and for hosts without NetBSD.
 * @packageDocumentation
 */
export { createSimBackend, SIM_CAPABILITIES, type SimBackend, type SimBackendOptions } from './sim-backend.js';
export { SimKernel, toJailInfo } from './sim-kernel.js';
export {
  HOST_ROOT,
  initialSimState,
  type SimCred,
  type SimJailEntry,
  type SimKernelState,
  type SimProcess,
} from './state.js';
