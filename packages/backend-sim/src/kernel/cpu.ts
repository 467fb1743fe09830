/**
 * CPU accounting (upstream-facts 4.1, 4.5): the 1 Hz callout, driven by the
 * injected clock, and the scheduler's over-quota throttle.
 *
 * Time moves only when the clock does. Callouts that fell due are run, in
 * order, at the start of the next kernel call, so what any call observes is
 * what the kernel would have after the callouts up to "now".
 */
import { sizeArg } from './args.js';
import { cpuLimited, type KernelCore, type KProc } from './core.js';

const CALLOUT_MS = 1000;

/** Runs every callout due at the clock's current time. */
export function runDueCallouts(k: KernelCore): void {
  const now = k.clock.now();
  const s = k.state;
  if (now < s.calloutNextMs) return;
  const due = Math.floor((now - s.calloutNextMs) / CALLOUT_MS) + 1;
  // With nothing busy, every callout after the first sees the same samples and
  // only rolls windows over, which can be computed directly.
  const stepwise = k.busy.size > 0 ? due : Math.min(due, 1);
  for (let i = 0; i < stepwise; i++) {
    runBusyDemand(k);
    callout(k, Math.floor(s.calloutNextMs / CALLOUT_MS));
    s.calloutNextMs += CALLOUT_MS;
  }
  if (due > stepwise) {
    s.calloutNextMs += (due - stepwise) * CALLOUT_MS;
    rollWindowsTo(k, Math.floor((s.calloutNextMs - CALLOUT_MS) / CALLOUT_MS));
  }
}

/**
 * One second of the busy processes' demand: each runs its ticks unless its
 * jail is over quota, in which case the scheduler skips it once per tick it
 * wanted (`throttleCpu`++ per skip).
 */
function runBusyDemand(k: KernelCore): void {
  for (const pid of k.busy) {
    const p = k.procs.get(pid) as KProc;
    grantTicks(k, p, p.cpuTicksPerSecond);
  }
}

/** Runs `ticks` of `p` now, or skips them when its jail is over quota. @returns ticks run */
export function grantTicks(k: KernelCore, p: KProc, ticks: number): number {
  const e = p.jid === 0 ? undefined : k.jails.get(p.jid);
  if (e?.overQuota) {
    e.counters.throttleCpu += ticks;
    return 0;
  }
  p.cpuTicks += ticks;
  return ticks;
}

/** The callout body at wall-clock second `nowS` (upstream-facts 4.5 steps 1–4). */
function callout(k: KernelCore, nowS: number): void {
  const totals = new Map<number, number>();
  for (const e of k.state.jails) {
    e.procCurrent = 0;
    e.refcount = 0;
  }
  for (const p of k.state.processes) {
    if (p.jid === 0) continue;
    const e = k.jails.get(p.jid);
    if (!e) continue;
    e.procCurrent += 1;
    e.refcount += 1;
    if (p.state === 'live') totals.set(p.jid, (totals.get(p.jid) ?? 0) + p.cpuTicks);
  }
  for (const e of k.state.jails) {
    const total = totals.get(e.id) ?? 0;
    const delta = Math.max(0, total - e.cpuUsage);
    e.cpuUsage = total;
    if (!cpuLimited(e)) continue;
    const periodS = Math.max(1, Math.ceil(e.limits.cpuPeriodMicros / 1_000_000));
    if (e.cpuWindowStartS === null || nowS - e.cpuWindowStartS >= periodS) {
      e.cpuWindowStartS = nowS;
      e.cpuUsedWindow = 0;
      e.overQuota = false;
    }
    e.cpuUsedWindow += delta;
    if (e.cpuUsedWindow >= e.limits.cpuQuotaTicks) {
      if (!e.overQuota) {
        e.counters.throttleCpu += 1;
        k.emit(() => ({ type: 'cpu-over-quota', jid: e.id, atMs: k.clock.now() }));
      }
      e.overQuota = true;
    }
  }
}

/** Quiet callouts up to second `lastS`: delta 0 each, so only the window rollovers remain. */
function rollWindowsTo(k: KernelCore, lastS: number): void {
  for (const e of k.state.jails) {
    if (!cpuLimited(e) || e.cpuWindowStartS === null) continue;
    const periodS = Math.max(1, Math.ceil(e.limits.cpuPeriodMicros / 1_000_000));
    const rolls = Math.floor((lastS - e.cpuWindowStartS) / periodS);
    if (rolls < 1) continue;
    e.cpuWindowStartS += rolls * periodS;
    e.cpuUsedWindow = 0;
    e.overQuota = false;
  }
}

/** Sets how many ticks per second `p` wants to run (0 = idle). */
export function setCpuDemand(k: KernelCore, p: KProc, ticksPerSecond: unknown): void {
  p.cpuTicksPerSecond = sizeArg(ticksPerSecond, 'cpu demand', 'ticksPerSecond');
  if (p.cpuTicksPerSecond > 0) k.busy.add(p.pid);
  else k.busy.delete(p.pid);
}
