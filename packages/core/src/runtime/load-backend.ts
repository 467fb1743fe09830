import type { Backend } from '../backend/backend.js';
import { createJails, type Jails } from '../client/jails-client.js';
import { BackendError } from '../errors/jail-error.js';
import type { BackendDescriptor } from '../supervise/daemon-protocol.js';
import { type BackendChoice, type BackendChoiceOptions, chooseBackend } from './backend-choice.js';

/** Options a backend package's {@link BackendModule.createBackend} receives from the tools. */
export interface BackendModuleOptions {
  /** State prefix (`JAILS_PREFIX`): where the backend keeps or finds its files. */
  readonly prefix: string;
}

/**
 * What a backend package exports so the tools can load it by name
 * (`@jails/backend-<name>`): one factory taking {@link BackendModuleOptions}.
 */
export interface BackendModule {
  /** Creates the backend the command-line tools use. */
  createBackend(options: BackendModuleOptions): Backend | Promise<Backend>;
}

/** Options of {@link loadBackend} and {@link loadBackendDescriptor}. */
export interface LoadBackendOptions {
  /** Imports a module by specifier; tests replace it. @default dynamic `import()` */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/**
 * Builds a backend from a {@link BackendDescriptor}: imports `module` and
 * calls its factory (`createBackend` unless `export` says otherwise) with
 * `options`. This is how both the tools and the detached supervisor daemon
 * get their backend, since core depends on no backend package.
 * @throws {BackendError} `BACKEND_UNAVAILABLE` when the module is missing or lacks the factory
 */
export async function loadBackendDescriptor(
  descriptor: BackendDescriptor,
  options: LoadBackendOptions = {},
): Promise<Backend> {
  const factoryName = descriptor.export ?? 'createBackend';
  const importModule = options.importModule ?? ((s: string) => import(s));
  const unavailable = (message: string, cause?: unknown) =>
    new BackendError({ backend: descriptor.module, code: 'BACKEND_UNAVAILABLE', message, cause });
  let mod: Record<string, unknown>;
  try {
    mod = (await importModule(descriptor.module)) as Record<string, unknown>;
  } catch (cause) {
    throw unavailable(`cannot load ${descriptor.module}: ${(cause as Error).message}`, cause);
  }
  const factory = mod[factoryName];
  if (typeof factory !== 'function')
    throw unavailable(`${descriptor.module} does not export ${factoryName}()`);
  return (await factory(descriptor.options ?? {})) as Backend;
}

/** The descriptor of a backend the tools know by name: `@jails/backend-<name>` with `{ prefix }`. */
export function backendDescriptorOf(choice: Pick<BackendChoice, 'name' | 'prefix'>): BackendDescriptor {
  return { module: `@jails/backend-${choice.name}`, options: { prefix: choice.prefix } };
}

/**
 * Loads `@jails/backend-<name>` and creates its tool-facing backend.
 * @throws {BackendError} `BACKEND_UNAVAILABLE` when the package is missing or exports no `createBackend`
 */
export function loadBackend(
  choice: Pick<BackendChoice, 'name' | 'prefix'>,
  options: LoadBackendOptions = {},
): Promise<Backend> {
  return loadBackendDescriptor(backendDescriptorOf(choice), options);
}

/**
 * Options of {@link openJails}: how to choose the backend, and how to import
 * its package. A bundled tool passes an `importModule` that maps the backend
 * specifiers to static `import()`s, so that its bundler can see (and split
 * out) the backend packages.
 */
export interface OpenJailsOptions extends BackendChoiceOptions, LoadBackendOptions {}

/**
 * What every tool does first: choose the backend (`--backend`,
 * `JAILS_BACKEND`, platform default), load it, and wrap it in the client
 * facade. Print `choice.notice`, when present, once on stderr.
 * @example
 * const { jails, choice } = await openJails({ flag: opts.backend, tool: 'jailctl' });
 * if (choice.notice) process.stderr.write(`${choice.notice}\n`);
 * @example
 * // in a bundled tool: let the bundler see the backend packages
 * const importModule = (specifier: string) =>
 *   specifier === '@jails/backend-sim' ? import('@jails/backend-sim') : import(specifier);
 * const { jails } = await openJails({ tool: 'mytool', importModule });
 * @throws {ValidationError} for an unknown backend name
 * @throws {BackendError} `BACKEND_UNAVAILABLE` when the backend package is missing or exports no `createBackend`
 */
export async function openJails(
  options: OpenJailsOptions = {},
): Promise<{ jails: Jails; choice: BackendChoice }> {
  const choice = chooseBackend(options);
  const backend = await loadBackend(
    choice,
    options.importModule ? { importModule: options.importModule } : {},
  );
  return { jails: createJails({ backend }), choice };
}
