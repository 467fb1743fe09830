import { ValidationError } from '../errors/jail-error.js';

/**
 * syslog(3) facility codes, as `<syslog.h>` numbers them (the facility part of
 * a priority is `code << 3`). These are the names upstream's
 * `jailctl supervise -f` accepts.
 */
export const SYSLOG_FACILITIES = {
  kern: 0,
  user: 1,
  mail: 2,
  daemon: 3,
  auth: 4,
  syslog: 5,
  lpr: 6,
  news: 7,
  uucp: 8,
  cron: 9,
  authpriv: 10,
  ftp: 11,
  local0: 16,
  local1: 17,
  local2: 18,
  local3: 19,
  local4: 20,
  local5: 21,
  local6: 22,
  local7: 23,
} as const;

/** A facility name, e.g. `daemon` or `local3`. */
export type SyslogFacility = keyof typeof SYSLOG_FACILITIES;

/** syslog(3) severities ("levels"), most severe first. */
export const SYSLOG_LEVELS = {
  emerg: 0,
  alert: 1,
  crit: 2,
  err: 3,
  warning: 4,
  notice: 5,
  info: 6,
  debug: 7,
} as const;

/** A level name, e.g. `notice` or `err`. */
export type SyslogLevel = keyof typeof SYSLOG_LEVELS;

/** The facility supervised output goes to when none is configured. */
export const DEFAULT_FACILITY: SyslogFacility = 'daemon';
/** The level of forwarded stdout lines when none is configured. */
export const DEFAULT_STDOUT_LEVEL: SyslogLevel = 'notice';
/** The level of forwarded stderr lines when none is configured. */
export const DEFAULT_STDERR_LEVEL: SyslogLevel = 'err';
/** The syslog tag (ident) when none is configured. */
export const DEFAULT_TAG = 'jailctl';
/** Longest tag upstream keeps; longer ones are truncated, as upstream's jailctl does. */
export const SYSLOG_TAG_MAX_BYTES = 63;

const LEVEL_BY_NUMBER = Object.keys(SYSLOG_LEVELS) as SyslogLevel[];

/**
 * Parses a facility as upstream's `-f` does: one of the names of
 * {@link SYSLOG_FACILITIES} (case-sensitive, like syslog.conf(5)).
 * @throws {ValidationError} `invalid facility 'x'` for anything else
 */
export function parseFacility(text: string): SyslogFacility {
  if (Object.hasOwn(SYSLOG_FACILITIES, text)) return text as SyslogFacility;
  throw new ValidationError('facility', `invalid facility '${text}'`, { operation: 'supervise' });
}

/**
 * Parses a level as upstream's `-o`/`-e` do: a name of {@link SYSLOG_LEVELS}
 * or a number 0–7.
 * @param field the option at fault, for the error @default 'level'
 * @throws {ValidationError} `invalid level 'x'` for anything else
 */
export function parseLevel(text: string | number, field = 'level'): SyslogLevel {
  const key = String(text);
  if (/^[0-7]$/.test(key)) return LEVEL_BY_NUMBER[Number(key)]!;
  if (Object.hasOwn(SYSLOG_LEVELS, key)) return key as SyslogLevel;
  throw new ValidationError(field, `invalid level '${key}'`, { operation: 'supervise' });
}

/**
 * Cleans a tag as upstream does: CR, LF and TAB become spaces and the result
 * is cut to {@link SYSLOG_TAG_MAX_BYTES} bytes (at a character boundary).
 * @throws {ValidationError} `invalid tag ''` when nothing is left
 */
export function sanitizeTag(tag: string): string {
  let clean = tag.replace(/[\r\n\t]/g, ' ');
  while (Buffer.byteLength(clean) > SYSLOG_TAG_MAX_BYTES) clean = clean.slice(0, -1);
  if (clean.trim() === '')
    throw new ValidationError('tag', `invalid tag '${tag}'`, { operation: 'supervise' });
  return clean;
}

/** The `<PRI>` value of a message: facility code × 8 + severity. */
export function syslogPriority(facility: SyslogFacility, level: SyslogLevel): number {
  return SYSLOG_FACILITIES[facility] * 8 + SYSLOG_LEVELS[level];
}
