// A one-shot process using the SDK on the shared simulated kernel, like a CLI
// invocation: `jails-cli.ts <prefix> <command> …`, one JSON line on stdout.
import { JailError } from '@jails/core/backend';
import { createHostSimBackend } from '../../host-backend.js';

const [prefix, command, ...args] = process.argv.slice(2);
const backend = createHostSimBackend({ prefix: prefix!, staleLockMs: 2000 });
const print = (value: unknown) => console.log(JSON.stringify(value));
const failure = (e: unknown) =>
  JailError.is(e)
    ? { ok: false, errno: e.errno ?? null, code: e.code, message: e.message }
    : { ok: false, message: String(e) };

async function cycle(name: string) {
  const jail = await backend.createJail({ name, root: '/nonexistent' });
  if (!(await backend.listJails()).some((j) => j.id === jail.id)) throw new Error(`${name} not listed`);
  const child = await backend.spawnInJail(jail.id, ['sleep', '600'], { stdio: 'ignore', newSession: true });
  const busy = await backend.destroyJail(jail.id).then(
    () => 'destroyed',
    (e) => (JailError.hasErrno(e, 'EBUSY') ? 'EBUSY' : String(e)),
  );
  child.kill('SIGKILL', { group: true });
  await child.exited;
  await backend.destroyJail(jail.id);
  return { ok: true, id: jail.id, busy };
}

try {
  switch (command) {
    case 'create': {
      const limits = args[1] ? JSON.parse(args[1]) : undefined;
      print({
        ok: true,
        id: (await backend.createJail({ name: args[0]!, root: '/nonexistent', limits })).id,
      });
      break;
    }
    case 'list':
      print({ ok: true, jails: await backend.listJails() });
      break;
    case 'spawn': {
      const child = await backend.spawnInJail(Number(args[0]), args.slice(1), {
        stdio: 'ignore',
        newSession: true,
      });
      print({ ok: true, pid: child.pid });
      // like a CLI that started a daemon: leave the member running
      process.exit(0);
      break;
    }
    case 'destroy':
      await backend.destroyJail(Number(args[0]));
      print({ ok: true });
      break;
    case 'cycle':
      print(await cycle(args[0]!));
      break;
    default:
      throw new Error(`unknown command ${command}`);
  }
} catch (e) {
  print(failure(e));
}
await backend.dispose();
