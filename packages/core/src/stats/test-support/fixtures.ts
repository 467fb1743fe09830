/** TEST SUPPORT ONLY (not exported): jails as the kernel's list would return them. */
import type { JailInfo } from '../../jails/jail-info.js';

/** The project page's `web` jail (seed section 2, 6 and 7). */
export const SEED_WEB: JailInfo = {
  id: 3,
  name: 'web',
  root: '/var/jailmgr/jails/web/root',
  refcount: 1,
  limits: {
    cpuQuotaTicks: 200,
    cpuPeriodMicros: 1_000_000,
    memoryMaxBytes: 536_870_912,
    procMax: 512,
    fdMax: 8192,
    sockbufMaxBytes: 134_217_728,
  },
  usage: { procs: 1, fds: 3, sockbufBytes: 0, memoryBytes: 154_025_984, cpuTicks: 0 },
  counters: { denyProc: 0, denyFd: 0, denySockbuf: 0, denyMemory: 0, throttleCpu: 0 },
};

/** `count` distinct jails, newest (highest id) first, with varied numbers. */
export function manyJails(count: number): JailInfo[] {
  return Array.from({ length: count }, (_, i) => {
    const id = count - i;
    return {
      ...SEED_WEB,
      id,
      name: `jail-${id}`,
      root: `/var/jailmgr/jails/jail-${id}/root`,
      usage: {
        procs: id % 7,
        fds: id * 3,
        sockbufBytes: id * 4096,
        memoryBytes: id * 1_048_576,
        cpuTicks: id * 11,
      },
      counters: { denyProc: id % 3, denyFd: 0, denySockbuf: id % 5, denyMemory: 1, throttleCpu: id * 2 },
    };
  });
}
