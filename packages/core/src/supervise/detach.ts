import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ErrnoName, JailErrorCode } from '../errors/errno.js';
import { JailError } from '../errors/jail-error.js';
import type { JailId } from '../jails/jail-spec.js';
import type { JailLogOptions } from '../syslog/jail-log.js';
import type { BackoffPolicy } from './backoff.js';
import type { BackendDescriptor, DaemonConfig, DaemonMessage } from './daemon-protocol.js';
import { supervisorTitle } from './foreground.js';

/** Options of {@link superviseDetached}. Everything in it must be JSON-serialisable. */
export interface DetachedSupervisorOptions {
  /** How the daemon rebuilds the backend in its own process. */
  readonly backend: BackendDescriptor;
  /** The jail (id and name, e.g. from `jails.resolve()`). */
  readonly jail: { readonly id: JailId; readonly name: string };
  /** The command and its arguments. */
  readonly argv: readonly string[];
  /** Environment of the workload. @default the daemon's, which is the caller's */
  readonly env?: Readonly<Record<string, string>>;
  /** Where the supervisor record lives, for {@link findSupervisor} / {@link stopSupervisor}. */
  readonly stateDir: string;
  /** Syslog settings, or `false`. @default {} (the host's socket, daemon, notice/err, jailctl) */
  readonly syslog?: JailLogOptions | false;
  /** Time between SIGTERM and SIGKILL at shutdown. @default 5000 */
  readonly graceMs?: number;
  /** Restart delays. @default 1, 2, 4, 8, 10 s; reset after 30 s */
  readonly backoff?: Partial<BackoffPolicy>;
  /** Process title of the daemon. @default `jailctl supervise jail=<name> jid=<id>` */
  readonly title?: string;
  /** How long to wait for the daemon to report that it runs. @default 15000 */
  readonly readyTimeoutMs?: number;
  /** Extra node options for the daemon, e.g. `['--max-old-space-size=64']`. @default [] */
  readonly nodeOptions?: readonly string[];
}

/** A supervisor daemon that {@link superviseDetached} started. */
export interface DetachedSupervisor {
  /** The daemon's pid. */
  readonly pid: number;
  readonly jailId: JailId;
  /** Its process title. */
  readonly title: string;
}

const isCorePackage = (dir: string): boolean => {
  const manifest = join(dir, 'package.json');
  return (
    existsSync(manifest) &&
    (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@jails/core'
  );
};

/**
 * The root of the `@jails/core` package seen from `fromDir`: the first
 * directory upwards that is the package itself, or that holds it in
 * `node_modules/@jails/core` (a tool that bundled core lives outside it).
 */
function packageRoot(fromDir: string): string {
  let dir = fromDir;
  for (;;) {
    if (isCorePackage(dir)) return dir;
    const installed = join(dir, 'node_modules', '@jails', 'core');
    if (isCorePackage(installed)) return installed;
    const up = dirname(dir);
    if (up === dir)
      throw new JailError('BACKEND_FAILED', 'supervise: cannot find the @jails/core package root');
    dir = up;
  }
}

/** The `@jails/core` package that contains `fromDir`, if any (no node_modules lookup). */
function ownPackageRoot(fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (isCorePackage(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The module a supervisor daemon imports, and whether it needs the TypeScript loader. @internal */
export interface DaemonEntry {
  /** `file:` URL of a module exporting `runSupervisorDaemon`. */
  readonly url: string;
  /** True when it is TypeScript (run with tsx and the `jails-source` condition). */
  readonly typescript: boolean;
}

/**
 * Finds the `@jails/core` entry the daemon runs. From TypeScript sources
 * (tests, `tsx`): this package's `src/index.ts`. From built code, which may be
 * core's own `dist` or a tool's bundle that inlined core (jailctl), whose
 * files are not inside core: what `@jails/core` resolves to from `moduleUrl`
 * (`import.meta.resolve`, synchronous since Node 20.6), else core's
 * `dist/index.js` found by walking up from `moduleUrl`. Core's own built
 * code always runs its own `dist`, whatever conditions the process has.
 * @param moduleUrl the calling module's URL @default import.meta.url
 * @param resolve resolves a specifier from `moduleUrl`; undefined where there
 *   is none (a CommonJS bundle) @default import.meta.resolve
 * @throws {JailError} `BACKEND_FAILED` when no `@jails/core` package can be found
 * @internal
 */
export function daemonEntry(
  moduleUrl: string = import.meta.url,
  resolve: ((specifier: string) => string) | undefined = import.meta.resolve,
): DaemonEntry {
  const here = dirname(fileURLToPath(moduleUrl));
  if (moduleUrl.endsWith('.ts'))
    return { url: pathToFileURL(join(packageRoot(here), 'src/index.ts')).href, typescript: true };
  // Core's own build runs its own dist: resolving '@jails/core' would follow
  // the calling process's conditions (jails-source) back to the sources.
  const own = ownPackageRoot(here);
  if (own) return { url: pathToFileURL(join(own, 'dist/index.js')).href, typescript: false };
  let resolved: string | undefined;
  try {
    resolved = resolve?.('@jails/core');
  } catch {
    // not resolvable from here: walk up instead
  }
  if (resolved?.startsWith('file:')) return { url: resolved, typescript: /\.[cm]?ts$/.test(resolved) };
  return { url: pathToFileURL(join(packageRoot(here), 'dist/index.js')).href, typescript: false };
}

/**
 * The node arguments that start the daemon: `-e import(<core entry>)` (see
 * {@link daemonEntry}); for TypeScript sources (tests, `tsx`) with the tsx
 * loader and the `jails-source` condition, so the daemon runs the same code
 * its starter does. @internal
 */
export function daemonNodeArgs(
  title: string,
  nodeOptions: readonly string[] = [],
  entry: DaemonEntry = daemonEntry(),
): string[] {
  const loader = entry.typescript
    ? [
        '--conditions=jails-source',
        '--import',
        pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
      ]
    : [];
  const script = `import(${JSON.stringify(entry.url)}).then((m) => m.runSupervisorDaemon())`;
  // The title words as arguments: `ps` shows them from the start, and they reserve
  // the argv space the title is later written into.
  return [...loader, ...nodeOptions, '-e', script, ...title.split(' ')];
}

/**
 * Starts a supervisor detached from the caller, like upstream's
 * `jailctl supervise` (which prints `jail <id>` and returns): a new node
 * process in its own session (setsid), with stdin/stdout/stderr on /dev/null,
 * working directory `/`, and the process title
 * `jailctl supervise jail=<name> jid=<id>`. It rebuilds the backend from
 * `backend`, claims the record in `stateDir`, starts the first run, reports
 * ready over a temporary IPC channel and is then on its own; the caller may
 * exit. Stop it with {@link stopSupervisor} (or SIGTERM to its pid).
 * @throws {JailError} what the daemon reported (e.g. `BUSY`: already supervised, `NOT_FOUND`: no such jail, `BACKEND_UNAVAILABLE`), or `BACKEND_FAILED` when it died or did not answer in time
 */
export async function superviseDetached(options: DetachedSupervisorOptions): Promise<DetachedSupervisor> {
  const title = options.title ?? supervisorTitle(options.jail);
  const config: DaemonConfig = {
    backend: options.backend,
    jail: { id: options.jail.id, name: options.jail.name },
    argv: [...options.argv],
    ...(options.env ? { env: options.env } : {}),
    stateDir: options.stateDir,
    syslog: options.syslog ?? {},
    ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    title,
  };
  const child = spawn(process.execPath, daemonNodeArgs(title, options.nodeOptions), {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    cwd: '/',
  });
  const fail = (message: string, code: JailErrorCode = 'BACKEND_FAILED', errno?: ErrnoName) =>
    new JailError(code, `supervise: ${message}`, { operation: 'supervise', ...(errno ? { errno } : {}) });
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const pid = await new Promise<number>((resolve, reject) => {
      timer = setTimeout(
        () => reject(fail(`the supervisor did not start within ${readyTimeoutMs} ms`)),
        readyTimeoutMs,
      );
      child.once('error', (e) => reject(fail(e.message)));
      child.once('exit', (code, signal) =>
        reject(fail(`the supervisor exited before it was ready (${signal ?? `status ${code}`})`)),
      );
      child.on('message', (m: DaemonMessage) => {
        if (m.type === 'ready') resolve(m.pid);
        else if (m.type === 'error')
          reject(fail(m.message, (m.code as JailErrorCode) ?? 'BACKEND_FAILED', m.errno as ErrnoName));
      });
      child.send({ type: 'config', config } satisfies DaemonMessage);
    });
    return { pid, jailId: options.jail.id, title };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
  }
}
