import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project page, as laid beside the repository (`../shared/reference`). */
const SEED = fileURLToPath(
  new URL('../../../../shared/reference/seed-jails-for-netbsd.txt', import.meta.url),
);

/** The lines the page shows after a prompt running `command`, up to the next blank line (other than
 * the one ending an HTTP head) or prompt. */
export function seedOutput(command: string): string[] {
  const lines = readFileSync(SEED, 'utf8').split('\n');
  const start = lines.indexOf(`vhost# ${command}`);
  if (start < 0) throw new Error(`the project page has no \`${command}\``);
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    // a blank line ends the output, except the one that ends an HTTP head
    if (line.startsWith('vhost#') || (line === '' && out.at(-1) !== 'Content-Type: text/plain')) break;
    out.push(line);
  }
  return out;
}
