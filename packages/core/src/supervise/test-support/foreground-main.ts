/**
 * TEST SUPPORT ONLY: runs this process as a foreground supervisor (as rc.d or
 * systemd would) over the host-spawn test backend. argv[2] is a JSON object
 * with `stateDir`, `argv` and optionally `graceMs`; prints `started <pid>`.
 */
import { runSupervisorForeground } from '../foreground.js';
import { createHostSpawnBackend } from './host-spawn-backend.js';

const config = JSON.parse(process.argv[2] ?? '{}') as { stateDir: string; argv: string[]; graceMs?: number };
const jail = { id: 5, name: 'fg' };
const stats = await runSupervisorForeground({
  backend: createHostSpawnBackend({ jails: [jail] }),
  jail,
  argv: config.argv,
  stateDir: config.stateDir,
  syslog: false,
  ...(config.graceMs === undefined ? {} : { graceMs: config.graceMs }),
  onStarted: (s) => s.once('supervisor:started', (e) => process.stdout.write(`started ${e.pid}\n`)),
});
process.stdout.write(`stopped runs=${stats.runs}\n`);
