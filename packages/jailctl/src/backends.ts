/**
 * The backend packages jailctl can load, each behind a static `import()` so
 * that the bundler sees them and splits each into its own chunk, loaded only
 * when a command opens the SDK client (never for `--help` or a usage error).
 */
const BACKEND_MODULES: Readonly<Record<string, () => Promise<unknown>>> = {
  // only the factory: the bundle then leaves out the rest of the package (scenarios, samplers…)
  '@jails/backend-sim': () => import('./backends/sim.js'),
  '@jails/backend-netbsd': () => import('@jails/backend-netbsd'),
};

/**
 * Imports a backend package by specifier, as `@jails/core`'s `openJails`
 * asks: the bundled backends by their static imports, anything else (a
 * descriptor naming another module) by a plain dynamic `import()`.
 */
export function importBackendModule(specifier: string): Promise<unknown> {
  const load = BACKEND_MODULES[specifier];
  return load ? load() : import(specifier);
}
