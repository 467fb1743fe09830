#!/usr/bin/env node
import { run } from './program.js';

// No top-level await: this entry is also bundled as CommonJS (dist/cli.cjs, the bin's).
void run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((status) => {
  process.exitCode = status;
});
