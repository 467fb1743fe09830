import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { daemonEntry, daemonNodeArgs } from './detach.js';

const CORE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const unresolvable = () => {
  throw new Error('Cannot find package @jails/core');
};

describe('daemonEntry', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'jails-daemon-entry-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs the sources with the tsx loader when the caller is TypeScript', () => {
    const entry = daemonEntry(import.meta.url, unresolvable);
    expect(entry).toEqual({ url: pathToFileURL(join(CORE_ROOT, 'src/index.ts')).href, typescript: true });
    const args = daemonNodeArgs('jailctl supervise jail=web jid=3', [], entry);
    expect(args.slice(0, 2)).toEqual(['--conditions=jails-source', '--import']);
    expect(args.slice(-4)).toEqual(['jailctl', 'supervise', 'jail=web', 'jid=3']);
  });

  it('from built code, runs what @jails/core resolves to there (a bundle that inlined core)', () => {
    const resolved = 'file:///opt/app/node_modules/@jails/core/dist/index.js';
    const entry = daemonEntry('file:///opt/app/node_modules/@jails/jailctl/dist/chunk-X.js', (s) => {
      expect(s).toBe('@jails/core');
      return resolved;
    });
    expect(entry).toEqual({ url: resolved, typescript: false });
    expect(daemonNodeArgs('t', ['--max-old-space-size=64'], entry)).toEqual([
      '--max-old-space-size=64',
      '-e',
      `import(${JSON.stringify(resolved)}).then((m) => m.runSupervisorDaemon())`,
      't',
    ]);
  });

  it('adds the tsx loader when @jails/core resolves to TypeScript (the jails-source condition)', () => {
    const entry = daemonEntry('file:///opt/app/dist/cli.js', () => 'file:///repo/packages/core/src/index.ts');
    expect(entry.typescript).toBe(true);
  });

  it('without import.meta.resolve, finds core in node_modules walking up from a bundle', () => {
    const core = join(scratch, 'node_modules', '@jails', 'core');
    mkdirSync(core, { recursive: true });
    writeFileSync(join(core, 'package.json'), JSON.stringify({ name: '@jails/core' }));
    mkdirSync(join(scratch, 'app', 'dist'), { recursive: true });
    const bundle = pathToFileURL(join(scratch, 'app', 'dist', 'cli.js')).href;
    expect(daemonEntry(bundle, unresolvable)).toEqual({
      url: pathToFileURL(join(core, 'dist/index.js')).href,
      typescript: false,
    });
  });

  it('from core’s own dist, without import.meta.resolve, uses that package', () => {
    const built = pathToFileURL(join(CORE_ROOT, 'dist', 'index.js')).href;
    expect(daemonEntry(built, unresolvable)).toEqual({ url: built, typescript: false });
  });

  it('from core’s own dist, runs that dist even where @jails/core resolves to the sources', () => {
    const built = pathToFileURL(join(CORE_ROOT, 'dist', 'index.js')).href;
    const toSources = () => pathToFileURL(join(CORE_ROOT, 'src', 'index.ts')).href;
    expect(daemonEntry(built, toSources)).toEqual({ url: built, typescript: false });
  });

  it('fails with BACKEND_FAILED when there is no @jails/core anywhere up', () => {
    expect(() => daemonEntry('file:///nonexistent-dir/dist/cli.js', unresolvable)).toThrow(
      expect.objectContaining({ code: 'BACKEND_FAILED', message: expect.stringContaining('package root') }),
    );
  });
});
