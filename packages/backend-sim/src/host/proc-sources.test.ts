import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultProcSource } from './proc-source.js';
import { createProcfsSource, parseNetTable, parseProcStat } from './procfs-source.js';
import { createPsSource, parseCpuTime, parsePsLine } from './ps-source.js';

describe('parseProcStat', () => {
  it('counts fields from the last parenthesis, so odd command names parse', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S'; // state
    fields[1] = '77'; // ppid
    fields[11] = '120'; // utime (field 14)
    fields[12] = '30'; // stime (field 15)
    fields[19] = '987654'; // starttime (field 22)
    fields[20] = '4096000'; // vsize (field 23)
    const entry = parseProcStat(`4242 (a) b (c)) ${fields.join(' ')}\n`);
    expect(entry).toEqual({
      pid: 4242,
      comm: 'a) b (c)',
      state: 'S',
      ppid: 77,
      cpuTicks: 150,
      startTimeTicks: 987654,
      vsizeBytes: 4096000,
    });
  });

  it('rejects text that is not a stat line', () => {
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});

describe('parseNetTable', () => {
  it('keeps TCP sockets in LISTEN and every bound UDP socket, with port and inode', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1237 1 0 100 0 0 10 0',
      '   1: 0100007F:803A 0100007F:3C9B 01 00000000:00000000 03:00000371 00000000     0        0 5555 3 0',
    ].join('\n');
    expect(parseNetTable(tcp, 'tcp')).toEqual([{ protocol: 'tcp', port: 8080, inode: 1237 }]);
    const udp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  10: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 999 2 0 0',
    ].join('\n');
    expect(parseNetTable(udp, 'udp')).toEqual([{ protocol: 'udp', port: 53, inode: 999 }]);
  });
});

describe('ps parsing', () => {
  it('reads ps CPU times in ticks', () => {
    expect(parseCpuTime('00:00:03')).toBe(300);
    expect(parseCpuTime('1-02:03:04')).toBe((86_400 + 7384) * 100);
    expect(parseCpuTime('0:01.25')).toBe(125);
  });

  it('reads a ps line with a five-word start time and a command with spaces', () => {
    const e = parsePsLine('  123     1 Ss    2048 00:00:01 Fri Dec  4 15:17:10 2026 my command');
    expect(e).toMatchObject({
      pid: 123,
      ppid: 1,
      state: 'S',
      vsizeBytes: 2048 * 1024,
      cpuTicks: 100,
      comm: 'my command',
    });
    expect(e?.startTimeTicks).toBe((Date.parse('Fri Dec 4 15:17:10 2026') / 1000) * 100);
  });
});

describe.runIf(process.platform === 'linux')('process sources on this host', () => {
  it('procfs sees this process, its descriptors, and a child with its start time', async () => {
    const source = createProcfsSource();
    expect(defaultProcSource().name).toBe('procfs');
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const table = source.snapshot();
      expect(table.get(process.pid)?.ppid).toBe(process.ppid);
      const entry = table.get(child.pid!);
      expect(entry?.ppid).toBe(process.pid);
      expect(source.process(child.pid!)?.startTimeTicks).toBe(entry?.startTimeTicks);
      expect(source.fdCount(process.pid)).toBeGreaterThan(2);
      expect(source.environ?.(process.pid)).toContain(`PATH=${process.env.PATH}`);
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((r) => child.once('exit', r));
    expect(source.process(child.pid!)).toBeUndefined();
    expect(source.fdCount(child.pid!)).toBeUndefined();
  });

  it('the ps fallback gives the same identities, at its coarser resolution', () => {
    const ps = createPsSource().process(process.pid);
    expect(ps?.ppid).toBe(process.ppid);
    expect(ps?.vsizeBytes).toBeGreaterThan(0);
    expect(createPsSource().process(2 ** 22 + 1)).toBeUndefined();
  });
});
