// A separate process driving the state store, for the multi-process tests.
import { JailError } from '@jails/core/backend';
import { createSimStateStore } from '../state-store.js';

const [command, prefix, arg] = process.argv.slice(2);
const store = createSimStateStore({ prefix: prefix!, staleLockMs: 2000 });

const report = (e: unknown) => {
  const err = e as JailError;
  console.log(
    JSON.stringify({ ok: false, code: JailError.is(e) ? err.code : 'UNKNOWN', message: err.message }),
  );
};

switch (command) {
  case 'increment':
    for (let i = 0; i < Number(arg); i++) {
      await store.update((doc) => {
        doc.driver.counter = ((doc.driver.counter as number | undefined) ?? 0) + 1;
      });
    }
    console.log(JSON.stringify({ ok: true }));
    break;
  case 'hold-lock':
    await store.update(async () => {
      console.log('locked');
      await new Promise(() => undefined);
    });
    break;
  case 'write-loop':
    for (let i = 0; ; i++) {
      await store.update((doc) => {
        // big enough that a kill often lands inside the write
        doc.driver.payload = `${i}:`.padEnd(2_000_000, String(i % 10));
        doc.driver.counter = i;
      });
      if (i === 0) console.log('writing');
    }
  case 'try-update':
    try {
      await store.update((doc) => {
        doc.driver.touched = true;
      });
      console.log(JSON.stringify({ ok: true }));
    } catch (e) {
      report(e);
    }
    break;
  case 'try-read':
    try {
      console.log(JSON.stringify({ ok: true, jails: store.read().kernel.jails.length }));
    } catch (e) {
      report(e);
    }
    break;
  default:
    throw new Error(`unknown command ${command}`);
}
