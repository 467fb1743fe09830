// Bundles a small benchmark program with esbuild, so that a fresh `node`
// process runs it as a published build would (no TypeScript loader measured).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The package's entry, for `import … from ${SDK}` in a bundled program. */
export const SDK = JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)));

/** Writes `source` to `<dir>/<name>.ts`, bundles it to `<dir>/<name>.mjs` and returns that path. */
export async function bundleProgram(dir: string, name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  const outfile = join(dir, `${name}.mjs`);
  writeFileSync(entry, source);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['jails-source'],
    outfile,
    // a CommonJS dependency bundled into ESM needs a require
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error',
  });
  return outfile;
}
