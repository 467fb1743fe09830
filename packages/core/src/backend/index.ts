/**
 * The backend SPI: what a backend package implements. Applications import
 * `@jails/core` instead.
 * @packageDocumentation
 */
export {
  type Backend,
  type BackendCapabilities,
  type BackendProbe,
  type BackendTestHooks,
  type CallContext,
  type JailProcess,
  type ProcessExit,
  SPEC_VERSION,
  type SpawnOptions,
  type StdioMode,
} from './backend.js';
export * from '../errors/index.js';
export * from '../jails/index.js';
