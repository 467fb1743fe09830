import type { JailId } from '../jails/jail-spec.js';
import type { JailLogOptions } from '../syslog/jail-log.js';
import type { BackoffPolicy } from './backoff.js';

/** A JSON value, as the daemon's configuration travels over IPC. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * How the detached supervisor rebuilds its backend in its own process: core
 * depends on no backend, so the daemon imports `module` and calls its factory
 * `export` with `options`. `module` is a package specifier resolvable from
 * `@jails/core` (e.g. `@jails/backend-sim`) or an absolute `file:` URL (use
 * `import.meta.resolve('@jails/backend-sim')` from your own package when
 * `@jails/core` cannot see it).
 */
export interface BackendDescriptor {
  readonly module: string;
  /** The factory to call. @default 'createBackend' (what the tools' {@link loadBackend} uses) */
  readonly export?: string;
  /** Its JSON options, e.g. `{ prefix: '/var/tmp/jails' }`. @default {} */
  readonly options?: JsonValue;
}

/** Everything the daemon needs, sent as the first IPC message. @internal */
export interface DaemonConfig {
  readonly backend: BackendDescriptor;
  readonly jail: { readonly id: JailId; readonly name: string };
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly stateDir: string;
  readonly syslog: JailLogOptions | false;
  readonly graceMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly title: string;
}

/** Messages on the daemon's IPC channel. @internal */
export type DaemonMessage =
  | { readonly type: 'config'; readonly config: DaemonConfig }
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'error'; readonly message: string; readonly code?: string; readonly errno?: string };
