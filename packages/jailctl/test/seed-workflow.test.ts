import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../docs/examples/seed-workflow.sh', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

it('the main job (npm run seed) runs the page’s workflow and prints what the page prints', async () => {
  const port = await freePort();
  const { stdout } = await promisify(execFile)('bash', [script], {
    env: { ...process.env, SEED_PORT: String(port), JAILS_BACKEND: '', JAILS_PREFIX: '' },
    timeout: 120_000,
  });
  expect(stdout).toContain('<html>Hello NetBSD!</html>');
  expect(stdout).toMatch(/jailctl supervise jail=web jid=1\n.*\\_ .*python3 -m http.server/);
  expect(stdout).toContain(
    'ID       NAME             CPU        PROC       FD         SOCKBUF    MEMORY     THROTTLE  \n1        web              ',
  );
  expect(stdout).toContain(
    'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n# TYPE jail_cpu_usage_ticks gauge\n',
  );
  expect(stdout).toMatch(
    /jail_processes_current\{jid="1",name="web",root="[^"]+\/var\/jailmgr\/jails\/web\/root"\} 1\n/,
  );
  expect(stdout).toMatch(/<158>.* jail-web\[\d+\]: jail=web jid=1 stdout: Serving HTTP/);
});
