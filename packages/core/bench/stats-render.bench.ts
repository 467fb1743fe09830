/**
 * Benchmark: rendering `jailctl stats` for 1,000 jails as the table (compact
 * and verbose) and as Prometheus text. Target: ≤ 10 ms each. Prints figures;
 * asserts nothing.
 */
import { renderPrometheus, renderStatsTable } from '../src/stats/index.js';
import { manyJails } from '../src/stats/test-support/fixtures.js';

const JAILS = 1000;
const ROUNDS = 200;
const jails = manyJails(JAILS);

function measure(name: string, render: () => string): void {
  // a CLI renders once per process: the first, unoptimised call is the one users wait for
  const t0 = performance.now();
  render();
  const first = performance.now() - t0;
  for (let i = 0; i < 20; i++) render();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    bytes = render().length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(3);
  console.log(
    `stats render ${name.padEnd(18)} ${JAILS} jails: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms ` +
      `first call ${first.toFixed(3)} ms (${(bytes / 1024).toFixed(0)} KiB; target <= 10 ms)`,
  );
}

measure('table', () => renderStatsTable(jails));
measure('table -v', () => renderStatsTable(jails, { verbose: true }));
measure('prometheus', () => renderPrometheus(jails));
measure('prometheus -h', () => renderPrometheus(jails, { httpHead: true }));
