import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('./sdk-quickstart.ts', import.meta.url));

it('the SDK quickstart runs and prints what the README promises', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=jails-source', '--import', 'tsx', script],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  );
  expect(stdout).toContain('Created jail web (jid 3)');
  expect(stdout).toMatch(/3 {4}web {6}\/var\/jailmgr\/jails\/web\/root {4}proc\.max=512\n {2}2 {4}db/);
  expect(stdout).toContain('refused: create: name already exists: web [ALREADY_EXISTS, EEXIST]');
  expect(stdout).toContain('refused: destroy jail 3: Device busy [BUSY, EBUSY]');
  expect(stdout).toContain('Destroyed jail web; 2 jails left');
});
