import type { JailInfo } from '@jails/core';

const pad = (value: string | number, width: number) => String(value).padEnd(width);

/**
 * `jailctl list` as upstream's model-B jailctl prints it: columns
 * ID/PROCS/PMAX/MEMORY/DENYPROC/NAME/ROOT (widths 8/8/8/10/10/16/rest), PROCS
 * being the kernel's refcount and MEMORY the configured ceiling; `no jails`
 * when there are none.
 */
export function renderJailList(jails: readonly JailInfo[]): string {
  if (jails.length === 0) return 'no jails\n';
  const row = (cells: (string | number)[]) =>
    `${pad(cells[0]!, 8)} ${pad(cells[1]!, 8)} ${pad(cells[2]!, 8)} ${pad(cells[3]!, 10)} ${pad(cells[4]!, 10)} ${pad(cells[5]!, 16)} ${cells[6]}\n`;
  let out = row(['ID', 'PROCS', 'PMAX', 'MEMORY', 'DENYPROC', 'NAME', 'ROOT']);
  for (const j of jails) {
    out += row([
      j.id,
      j.refcount,
      j.limits.procMax,
      j.limits.memoryMaxBytes,
      j.counters.denyProc,
      j.name || '-',
      j.root || '-',
    ]);
  }
  return out;
}
