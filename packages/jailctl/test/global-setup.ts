import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Tests run the built binary, as a user would: build jailctl and what it loads first. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  for (const workspace of ['@jails/core', '@jails/backend-sim', '@jails/backend-netbsd', '@jails/jailctl']) {
    const built = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: root, encoding: 'utf8' });
    if (built.status !== 0)
      throw new Error(`building ${workspace} failed:\n${built.stdout}\n${built.stderr}`);
  }
}
