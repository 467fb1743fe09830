import { ValidationError } from '../errors/jail-error.js';
import { LIMIT_MAX, PROFILES, type Profile } from '../jails/jail-spec.js';
import { parseCUnsigned } from '../jails/target.js';

/**
 * Parses a numeric command-line argument the way upstream's tools do
 * (strtoumax, base 0: decimal, `0x` hex, leading-`0` octal), rejecting
 * garbage, signs, blanks and values JavaScript cannot hold exactly.
 * @param option the option being parsed, named in errors (e.g. `-m`)
 * @param what what the value is, named in errors (e.g. `memory.max`)
 * @throws {ValidationError} naming the option
 */
export function parseNumberArgument(text: string, option: string, what: string): number {
  const value = parseCUnsigned(text);
  if (value === undefined) {
    throw new ValidationError(
      option,
      `invalid ${what} '${text}' for ${option} (expected a number: decimal, 0x hex or 0 octal)`,
    );
  }
  if (value > BigInt(LIMIT_MAX))
    throw new ValidationError(option, `${what} '${text}' for ${option} is too large`);
  return Number(value);
}

/** Like {@link parseNumberArgument}, but 0 is refused: a limit that is given must be non-zero. */
export function parseLimitArgument(text: string, option: string, what: string): number {
  const value = parseNumberArgument(text, option, what);
  if (value === 0)
    throw new ValidationError(
      option,
      `${what} for ${option} must be non-zero (leave ${option} out for unlimited)`,
    );
  return value;
}

/**
 * Parses one `-r` argument: a comma-separated list of ports 1–65535.
 * Duplicates and the 32-port ceiling are checked on the whole list by the
 * spec validation.
 * @throws {ValidationError} for an empty element, a non-number, 0 or a port above 65535
 */
export function parsePortList(text: string, option = '-r'): number[] {
  return text.split(',').map((part) => {
    if (part === '') throw new ValidationError(option, `empty port in '${text}' for ${option}`);
    const port = parseCUnsigned(part);
    if (port === undefined) throw new ValidationError(option, `invalid port '${part}' for ${option}`);
    if (port === 0n || port > 65535n) {
      throw new ValidationError(option, `port ${part} for ${option} is out of range (1-65535)`);
    }
    return Number(port);
  });
}

/**
 * Parses a profile name.
 * @throws {ValidationError} with upstream's wording: `invalid profile 'x' (expected low|medium|high)`
 */
export function parseProfileArgument(text: string): Profile {
  if ((PROFILES as readonly string[]).includes(text)) return text as Profile;
  throw new ValidationError('profile', `invalid profile '${text}' (expected ${PROFILES.join('|')})`);
}
