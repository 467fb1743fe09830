/**
 * `@jails/jailmgr`: the `jailmgr` command-line tool. It is a thin consumer of
 * `@jails/core`; its commands arrive with their own issue.
 * @packageDocumentation
 */

/** The tool's name, as it prefixes its error messages (`jailmgr: <message>`). */
export const TOOL_NAME = 'jailmgr';
