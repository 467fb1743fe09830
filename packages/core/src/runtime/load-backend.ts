import type { Backend } from '../backend/backend.js';
import { createJails, type Jails } from '../client/jails-client.js';
import { BackendError } from '../errors/jail-error.js';
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

/** Options of {@link loadBackend}. */
export interface LoadBackendOptions {
  /** Imports a module by specifier; tests replace it. @default dynamic `import()` */
  readonly importModule?: (specifier: string) => Promise<unknown>;
}

/**
 * Loads `@jails/backend-<name>` and creates its tool-facing backend. Core does
 * not depend on any backend; the package is resolved at run time.
 * @throws {BackendError} `BACKEND_UNAVAILABLE` when the package is missing or exports no `createBackend`
 */
export async function loadBackend(
  choice: Pick<BackendChoice, 'name' | 'prefix'>,
  options: LoadBackendOptions = {},
): Promise<Backend> {
  const specifier = `@jails/backend-${choice.name}`;
  const importModule = options.importModule ?? ((s: string) => import(s));
  let mod: Partial<BackendModule>;
  try {
    mod = (await importModule(specifier)) as Partial<BackendModule>;
  } catch (cause) {
    throw new BackendError({
      backend: choice.name,
      code: 'BACKEND_UNAVAILABLE',
      message: `cannot load ${specifier}: ${(cause as Error).message}`,
      cause,
    });
  }
  if (typeof mod.createBackend !== 'function') {
    throw new BackendError({
      backend: choice.name,
      code: 'BACKEND_UNAVAILABLE',
      message: `${specifier} does not export createBackend()`,
    });
  }
  return mod.createBackend({ prefix: choice.prefix });
}

/**
 * What every tool does first: choose the backend (`--backend`,
 * `JAILS_BACKEND`, platform default), load it, and wrap it in the client
 * facade. Print `choice.notice`, when present, once on stderr.
 * @example
 * const { jails, choice } = await openJails({ flag: opts.backend, tool: 'jailctl' });
 * if (choice.notice) process.stderr.write(`${choice.notice}\n`);
 */
export async function openJails(
  options: BackendChoiceOptions = {},
): Promise<{ jails: Jails; choice: BackendChoice }> {
  const choice = chooseBackend(options);
  const backend = await loadBackend(choice);
  return { jails: createJails({ backend }), choice };
}
