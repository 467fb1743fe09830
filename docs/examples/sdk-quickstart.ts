/**
 * The SDK on the simulated backend: create the project page's `web` jail
 * (same limits, profile and reserved port as
 * `jailmgr create -q 200 -c 1000000 -m 536870912 -p 512 -d 8192 -s 134217728 -l medium -r 8080 … web`),
 * show what the kernel reports, and show the kernel refusing bad input.
 *
 * Run: npm run example
 */
import { createSimBackend } from '@jails/backend-sim';
import { createJails, JailError } from '@jails/core';

await using jails = createJails({ backend: createSimBackend() });
jails.on('jail:created', ({ jail }) => console.log(`Created jail ${jail.name} (jid ${jail.id})`));

await jails.create({ name: 'build', root: '/var/jailmgr/jails/build/root', profile: 'low' });
await jails.create({ name: 'db', root: '/var/jailmgr/jails/db/root', limits: { procMax: 64 } });
const web = await jails.create({
  name: 'web',
  root: '/var/jailmgr/jails/web/root',
  profile: 'medium',
  limits: {
    cpuQuotaTicks: 200,
    cpuPeriodMicros: 1_000_000,
    memoryMaxBytes: 536_870_912,
    procMax: 512,
    fdMax: 8192,
    sockbufMaxBytes: 134_217_728,
  },
  reservedPorts: [8080],
});

console.log('\nJails, newest first (as security.models.jail.list returns them):');
for (const j of await jails.list()) {
  console.log(
    `  ${String(j.id).padEnd(4)} ${j.name.padEnd(8)} ${j.root.padEnd(30)} proc.max=${j.limits.procMax}`,
  );
}

const proc = await jails.spawn('web', [
  '/usr/libexec/httpd',
  '-I',
  '8080',
  '-X',
  '-f',
  '-s',
  '/var/www/mysite',
]);
console.log(`\nStarted pid ${proc.pid} in jail ${proc.jailId}`);

for (const attempt of [
  () => jails.create({ name: 'web', root: '/tmp/web2' }),
  () => jails.create({ name: 'api', root: '/tmp/api', reservedPorts: [8080] }),
  () => jails.create({ name: 'cpu', root: '/tmp/cpu', limits: { cpuQuotaTicks: 200 } }),
  () => jails.destroy(web.id),
]) {
  await attempt().catch((e: unknown) => {
    if (!JailError.is(e)) throw e;
    console.log(`refused: ${e.message} [${e.code}${e.errno ? `, ${e.errno}` : ''}]`);
  });
}

proc.kill('SIGTERM');
await proc.exited;
await jails.destroy('web');
console.log(`\nDestroyed jail web; ${(await jails.list()).length} jails left`);
