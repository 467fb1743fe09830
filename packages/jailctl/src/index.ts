/**
 * `@jails/jailctl`: the `jailctl` command-line tool, a thin consumer of
 * `@jails/core`. Run it as `jailctl`, or call {@link run} to embed it.
 * @packageDocumentation
 */
export type { CliIo, TextSink } from './context.js';
export { run } from './program.js';

/** The tool's name, as it prefixes its error messages (`jailctl: <message>`). */
export const TOOL_NAME = 'jailctl';
