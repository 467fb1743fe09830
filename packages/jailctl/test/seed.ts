import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The project page, where it is laid beside the repository (`../shared/reference`). */
export const SEED_PAGE = fileURLToPath(
  new URL('../../../../shared/reference/seed-jails-for-netbsd.txt', import.meta.url),
);

/** The page's `jailctl stats` and `jailctl stats -P -h` sections, kept in the repository. */
export const SEED_EXCERPT = fileURLToPath(new URL('./__fixtures__/seed-page-excerpt.txt', import.meta.url));

/** The lines the page shows after a prompt running `command`, up to the next blank line (other than
 * the one ending an HTTP head) or prompt. */
export function seedOutput(command: string, file = SEED_EXCERPT): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
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
