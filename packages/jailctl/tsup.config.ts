import { createRequire } from 'node:module';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/** What both builds share. */
const common = {
  sourcemap: true,
  target: 'node20',
} satisfies Options;

/**
 * Packages inlined into the command's bundle: the SDK and the backends (from
 * their TypeScript sources), and the small pure-JS dependencies. The native
 * syslog addon `unix-dgram` stays outside: core loads it at run time with
 * `createRequire`, and only for a unix-socket syslog target.
 */
const BUNDLED = [
  /^@jails\//,
  'commander',
  'eventemitter3',
  'p-retry',
  'is-network-error',
  'proper-lockfile',
  'graceful-fs',
  'retry',
  'signal-exit',
];

/**
 * Node modules that `list` and `stats` never use, but that modules on their
 * path import at top level: the sim backend's spawner and state-file ids, and
 * (the SDK's entry initialises all of it in a CommonJS bundle) the supervisor
 * and syslog code.
 */
const LAZY_BUILTINS = /^node:(child_process|crypto|dgram|net|fs\/promises)$/;

/**
 * Keeps imports that the common commands do not need from costing start-up
 * time: Node's `child_process` (commander, the sim backend's spawner) and
 * `crypto` (the sim state file's ids), and `dgram`, `net`, `fs/promises`
 * (syslog, supervisor records) become stubs whose functions load the
 * real module on first call, and `proper-lockfile` (with graceful-fs, retry,
 * signal-exit and assert) is required on first use, i.e. the first state
 * update. A read-only `list` or `stats` loads none of them. Only lower-case
 * function exports are stubbed (with their util.promisify form); importing
 * anything else from these modules fails the build.
 */
const lazyModules: EsbuildPlugin = {
  name: 'jailctl-lazy-modules',
  setup(build) {
    // (the stub's own require of the real module resolves normally: Node's module, external)
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      args.namespace === 'lazy-builtin' ? undefined : { path: args.path, namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const real = createRequire(import.meta.url)(args.path) as Record<string, unknown>;
      const functions = Object.keys(real).filter((k) => /^[a-z]/.test(k) && typeof real[k] === 'function');
      // util.promisify(execFile) and the like keep their custom promise form
      const custom = Symbol.for('nodejs.util.promisify.custom');
      const promisified = functions.filter((name) => (real[name] as Record<symbol, unknown>)[custom]);
      const contents = [
        `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        "const custom = Symbol.for('nodejs.util.promisify.custom');",
        ...functions.map((name) => `export function ${name}(...a) { return load().${name}.apply(this, a); }`),
        ...promisified.map(
          (name) => `Object.defineProperty(${name}, custom, { get: () => load().${name}[custom] });`,
        ),
      ].join('\n');
      return { contents, loader: 'js' };
    });
    build.onResolve({ filter: /^proper-lockfile$/ }, (args) =>
      args.namespace === 'lazy-lockfile' ? undefined : { path: args.path, namespace: 'lazy-lockfile' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-lockfile' }, (args) => ({
      contents: `export default new Proxy({}, { get: (_, key) => require(${JSON.stringify(args.path)})[key] });`,
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

export default defineConfig([
  {
    // The library (`run`, for embedding) and `dist/cli.js`, an ES module entry
    // for `node dist/cli.js`: built like the other packages, dependencies external.
    ...common,
    entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
    format: ['esm'],
    // tsc -b owns the composite project; tsup only needs declarations. Internal
    // declarations stay in: the bundler cannot follow references to stripped ones.
    dts: { entry: { index: 'src/index.ts' }, compilerOptions: { composite: false, stripInternal: false } },
    // the command's files below are written by the other build, concurrently
    clean: ['!cli.cjs*', '!jailctl.cjs*'],
  },
  {
    // The command (`bin`): jailctl.cjs, a small launcher with a compile cache,
    // and cli.cjs, everything the command runs in one CommonJS file. jailctl
    // starts once per command, so start-up is most of its run time: one file
    // means one read and no module resolution; CommonJS spares Node's ESM
    // loader; modules reached only through `import()` (each command's action,
    // the SDK client, the backends, the supervisor) are initialised only when
    // a command gets there. See bench/startup.bench.ts.
    ...common,
    entry: { cli: 'src/cli.ts', jailctl: 'src/jailctl.cts' },
    format: ['cjs'],
    splitting: false,
    minify: true,
    keepNames: true,
    clean: false,
    dts: false,
    noExternal: BUNDLED,
    external: ['unix-dgram'],
    // import.meta.url in CommonJS (unix-dgram's require, the supervisor daemon's
    // entry); there is no import.meta.resolve: core then finds itself by walking up
    shims: true,
    define: { 'import.meta.resolve': 'undefined' },
    // keep `node:` prefixes, so that the plugin above sees Node's modules
    removeNodeProtocol: false,
    esbuildPlugins: [lazyModules],
    // The workspace packages are bundled from their TypeScript sources, as the
    // tests run them: no stale sibling build can end up in the binary.
    esbuildOptions(options) {
      options.conditions = ['jails-source'];
    },
  },
]);
