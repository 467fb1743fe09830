import { describe, expect, it } from 'vitest';
import { NO_JAILS, renderStatsTable } from './stats-table.js';
import { manyJails, SEED_WEB } from './test-support/fixtures.js';

// Copied byte for byte from the project page (seed section 6): note the two
// spaces after THROTTLE in the header and none at the end of the row.
const SEED_TABLE =
  'ID       NAME             CPU        PROC       FD         SOCKBUF    MEMORY     THROTTLE  \n' +
  '3        web              0          1          3          0          154025984  0\n';

describe('renderStatsTable', () => {
  it('prints the seed table byte for byte', () => {
    expect(renderStatsTable([SEED_WEB])).toBe(SEED_TABLE);
  });

  it('prints `no jails` for an empty list, compact and verbose', () => {
    expect(NO_JAILS).toBe('no jails\n');
    expect(renderStatsTable([])).toBe('no jails\n');
    expect(renderStatsTable([], { verbose: true })).toBe('no jails\n');
  });

  it('maps CPU, PROC, FD, SOCKBUF, MEMORY and THROTTLE to usage and counters', () => {
    const jail = {
      ...SEED_WEB,
      usage: { cpuTicks: 11, procs: 22, fds: 33, sockbufBytes: 44, memoryBytes: 55 },
      counters: { ...SEED_WEB.counters, throttleCpu: 66 },
    };
    expect(renderStatsTable([jail]).split('\n')[1]!.split(/ +/)).toEqual([
      '3',
      'web',
      '11',
      '22',
      '33',
      '44',
      '55',
      '66',
    ]);
  });

  it('keeps order, and lets long values push the columns right like printf', () => {
    const [a, b] = manyJails(2);
    const long = {
      ...SEED_WEB,
      id: 4_294_967_295,
      name: 'a-very-long-jail-name',
      usage: { ...SEED_WEB.usage, memoryBytes: 2 ** 40 },
    };
    const out = renderStatsTable([a!, b!, long]).split('\n');
    expect(out[1]!.startsWith('2        jail-2 ')).toBe(true);
    expect(out[2]!.startsWith('1        jail-1 ')).toBe(true);
    expect(out[3]).toBe(
      '4294967295 a-very-long-jail-name 0          1          3          0          1099511627776 0',
    );
  });

  it('pads by bytes, as printf does', () => {
    const out = renderStatsTable([{ ...SEED_WEB, name: 'wéb' }]).split('\n')[1]!;
    expect(out).toBe('3        wéb             0          1          3          0          154025984  0');
  });

  it('prints the verbose CUR/MAX variant with ROOT last', () => {
    const unlimited = {
      ...SEED_WEB,
      id: 4,
      name: 'free',
      root: '/jails/free root',
      limits: { ...SEED_WEB.limits, procMax: 0, fdMax: 0, memoryMaxBytes: 0, sockbufMaxBytes: 0 },
    };
    expect(renderStatsTable([SEED_WEB, unlimited], { verbose: true })).toBe(
      'ID       NAME             CPU        PROC          FD              SOCKBUF                   MEMORY                    THROTTLE   ROOT\n' +
        '3        web              0          1/512         3/8192          0/134217728               154025984/536870912       0          /var/jailmgr/jails/web/root\n' +
        '4        free             0          1/-           3/-             0/-                       154025984/-               0          /jails/free root\n',
    );
  });
});
