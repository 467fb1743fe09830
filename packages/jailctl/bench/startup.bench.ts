// jailctl's start-up: wall time of `jailctl list` and `jailctl stats` (the
// built bin, on the sim backend in a temporary prefix holding a few jails) as a
// ratio to `node -e 0` on the same machine; target ≤ 1.5×. All cases run
// interleaved, round after round, so that a busy machine slows them alike;
// medians. Every process gets the same small environment: Node options
// inherited from the caller (NODE_OPTIONS, NODE_EXTRA_CA_CERTS, which can cost
// a fresh process tens of milliseconds) would weigh on both sides and hide the
// ratio. Prints figures; asserts nothing. BENCH_RUNS sets the rounds (41).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 41);
const WARMUP = 5;
const JAILS = 4;
const TARGET = 1.5;

const pkg = fileURLToPath(new URL('../', import.meta.url));
const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { bin: { jailctl: string } };
const BIN = join(pkg, manifest.bin.jailctl);

const work = mkdtempSync(join(tmpdir(), 'jailctl-bench-startup-'));
try {
  const prefix = join(work, 'prefix');
  mkdirSync(join(prefix, 'jails'), { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    JAILS_BACKEND: 'sim',
    JAILS_PREFIX: prefix,
  };
  const run = (args: readonly string[], extraEnv: Record<string, string> = {}): number => {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, {
      env: { ...env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`${args.join(' ')}: status ${result.status}\n${result.stderr}`);
    return ms;
  };

  for (let i = 1; i <= JAILS; i++) {
    mkdirSync(join(prefix, 'jails', `j${i}`));
    run([
      BIN,
      'create',
      '-n',
      `j${i}`,
      '-p',
      '20',
      '-m',
      String(256 * 2 ** 20),
      join(prefix, 'jails', `j${i}`),
    ]);
  }

  const noCache = { JAILS_COMPILE_CACHE: '0' };
  const cases: { label: string; args: readonly string[]; env?: Record<string, string>; ratio: boolean }[] = [
    { label: 'node -e 0', args: ['-e', '0'], ratio: false },
    { label: 'jailctl list', args: [BIN, 'list'], ratio: true },
    { label: 'jailctl stats', args: [BIN, 'stats'], ratio: true },
    { label: 'jailctl --help', args: [BIN, '--help'], ratio: false },
    { label: 'jailctl list (no compile cache)', args: [BIN, 'list'], env: noCache, ratio: false },
    { label: 'jailctl stats (no compile cache)', args: [BIN, 'stats'], env: noCache, ratio: false },
  ];
  const times = cases.map(() => [] as number[]);
  // warm the page cache and jailctl's compile cache, untimed
  for (let i = 0; i < WARMUP; i++) for (const c of cases) run(c.args, c.env);
  for (let round = 0; round < ROUNDS; round++) {
    // rotate the order, so that no case always follows the same one
    for (let k = 0; k < cases.length; k++) {
      const i = (round + k) % cases.length;
      times[i]!.push(run(cases[i]!.args, cases[i]!.env));
    }
  }

  const quantile = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)]!;
  const base = quantile(times[0]!, 0.5);
  console.log(
    `jailctl start-up: ${JAILS} jails on the sim backend, ${ROUNDS} interleaved rounds, node ${process.version}`,
  );
  console.log(
    `  ${'case'.padEnd(34)} ${'median'.padStart(8)} ${'p25–p75'.padStart(13)} ${'ratio'.padStart(6)}`,
  );
  for (const [i, c] of cases.entries()) {
    const median = quantile(times[i]!, 0.5);
    const spread = `${quantile(times[i]!, 0.25).toFixed(1)}–${quantile(times[i]!, 0.75).toFixed(1)}`;
    const ratio = median / base;
    const verdict = c.ratio ? (ratio <= TARGET ? `  ≤ ${TARGET}×: met` : `  ≤ ${TARGET}×: NOT met`) : '';
    console.log(
      `  ${c.label.padEnd(34)} ${`${median.toFixed(1)} ms`.padStart(8)} ${spread.padStart(13)} ${`${ratio.toFixed(2)}×`.padStart(6)}${verdict}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
