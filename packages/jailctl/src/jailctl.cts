#!/usr/bin/env node
/**
 * The `jailctl` command (the package's `bin`): starts the bundled CLI
 * (`cli.cjs`: jailctl, the SDK, the backends and commander in one CommonJS
 * file) with a V8 compile cache.
 *
 * jailctl runs once per command, so parsing and compiling its JavaScript is
 * most of its run time. Node 22.1+ caches compiled code itself
 * (`module.enableCompileCache`); on Node 20 this launcher does the same with
 * `vm.Script` cached data: the code V8 compiled during a run is saved at exit,
 * one file per subcommand, and the next run of that subcommand skips parsing
 * and compiling. The cache lives in `$XDG_CACHE_HOME/jails/compile-cache`
 * (default `~/.cache/...`); files are written 0600 and only files owned by
 * this user and writable by nobody else are read. Any problem with the cache
 * falls back to a plain `require`. `JAILS_COMPILE_CACHE=0` (or Node's
 * `NODE_DISABLE_COMPILE_CACHE=1`) turns it off.
 *
 * CommonJS on purpose: an ES module entry costs Node's ESM loader at every
 * start, about a fifth of `node -e 0` on its own.
 * @packageDocumentation
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const BUNDLE = path.join(__dirname, 'cli.cjs');

/**
 * Where compiled code is cached: under `$XDG_CACHE_HOME`, else `~/.cache`.
 * Undefined when caching is off, or when that directory (for `~/.cache`, the
 * home directory) is missing or not this user's: root under `sudo` with the
 * caller's HOME must not leave root-owned files there, nor create a HOME.
 */
function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.JAILS_COMPILE_CACHE === '0' || env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const owned = env.XDG_CACHE_HOME || env.HOME;
  if (!owned || !path.isAbsolute(owned)) return undefined;
  try {
    const st = fs.statSync(owned);
    const uid = process.getuid?.();
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) return undefined;
  } catch {
    return undefined;
  }
  return path.join(env.XDG_CACHE_HOME ? owned : path.join(owned, '.cache'), 'jails', 'compile-cache');
}

/** The cache file's content if this user wrote it (owned by us, writable only by us), else undefined. */
function readOwnFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const st = fs.fstatSync(fd);
    const uid = process.getuid?.();
    if (!st.isFile() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return fs.readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Replaces `file` atomically with `data` (mode 0600), creating the directory (0700) if needed. */
function writeOwnFile(file: string, data: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/** A short hash of `text` (32-bit FNV-1a, base 36). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** Runs the bundle compiled from `source`, with V8 cached data under `dir` (Node 20). */
function runCached(dir: string, source: string, stamp: string): void {
  // one cache per subcommand: each holds what that command compiled
  const name = /^[a-z]{1,16}$/.test(process.argv[2] ?? '') ? process.argv[2] : 'default';
  // and per installation, so that two of them do not keep replacing each other's
  const file = path.join(dir, `jailctl-${fnv1a(BUNDLE)}-${name}.v8cache`);
  // the stamp names the bundle and the node that compiled it; V8 checks only the source length
  const header = Buffer.from(`${stamp}\n`);
  const stored = readOwnFile(file);
  const cachedData = stored?.subarray(0, header.length).equals(header)
    ? stored.subarray(header.length)
    : undefined;
  // the shebang line becomes a comment, so that line numbers stay those of the file
  const body = source.startsWith('#!') ? `//${source}` : source;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeOwnFile(file, Buffer.concat([header, script.createCachedData()]));
      } catch {
        // a cache that cannot be written only costs the next start its compile time
      }
    });
  }
  const bundleModule = { exports: {} };
  const main = script.runInThisContext() as (...args: unknown[]) => void;
  main(bundleModule.exports, nodeModule.createRequire(BUNDLE), bundleModule, BUNDLE, __dirname);
}

function launch(): void {
  const dir = cacheDir(process.env);
  const enableCompileCache = (nodeModule as { enableCompileCache?: (dir: string) => unknown })
    .enableCompileCache;
  if (dir && enableCompileCache) {
    enableCompileCache(dir);
  } else if (dir && vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER) {
    let source: string | undefined;
    let stamp = '';
    try {
      const st = fs.statSync(BUNDLE);
      stamp = `jailctl ${process.version} ${process.arch} ${st.size} ${st.mtimeMs} ${st.ino}`;
      source = fs.readFileSync(BUNDLE, 'utf8');
    } catch {
      // unreadable here: let require report it
    }
    if (source !== undefined) {
      runCached(dir, source, stamp);
      return;
    }
  }
  require(BUNDLE);
}

launch();
