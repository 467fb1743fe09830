/**
 * The backend SPI: what a backend package implements. Applications import
 * `@jails/core` instead.
 * @packageDocumentation
 */

export * from '../errors/index.js';
export * from '../jails/index.js';
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
export {
  type ActorCred,
  type BackendSyscalls,
  type BindFamily,
  type MountRequest,
  type ProcessView,
  SYSTEM_ACTIONS,
  type SyscallAction,
  type SyscallKind,
  type SyscallOutcome,
  type SyscallValue,
  type SyscallValues,
  type SysctlRequest,
  type SystemAction,
  type SystemRequest,
} from './syscalls.js';
