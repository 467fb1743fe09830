#!/usr/bin/env node
import { run } from './program.js';

// Node creates process.stdout and process.stderr on first access, and for a
// pipe or a terminal each costs a stream and a socket: milliseconds of every
// start. Touch each only when something is written to it.
const stdout = { write: (text: string) => process.stdout.write(text) };
const stderr = { write: (text: string) => process.stderr.write(text) };

// No top-level await: this entry is also bundled as CommonJS (dist/cli.cjs, the bin's).
void run(process.argv.slice(2), { stdout, stderr, env: process.env }).then((status) => {
  process.exitCode = status;
});
