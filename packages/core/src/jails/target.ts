import type { JailId } from './jail-spec.js';

/**
 * Parses an unsigned number the way C's `strtoumax(s, &end, 0)` does when the
 * whole string must be consumed: decimal, `0x` hexadecimal or leading-`0`
 * octal. No sign, no blanks.
 * @returns the value, or `undefined` when `text` is not entirely such a number
 */
export function parseCUnsigned(text: string): bigint | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return BigInt(text);
  if (/^0[0-7]*$/.test(text)) return BigInt(`0o${text.slice(1) || '0'}`);
  if (/^[1-9][0-9]*$/.test(text)) return BigInt(text);
  return undefined;
}

const U32_MAX = 0xffff_ffffn;

/** How a `<jail-id|name>` argument is interpreted. */
export type JailTarget =
  | { readonly kind: 'id'; readonly id: JailId }
  | { readonly kind: 'name'; readonly name: string };

/**
 * Interprets a `<jail-id|name>` argument as upstream's jailctl does: a string
 * that parses entirely as an unsigned number (decimal, 0x hex, leading-0
 * octal) no larger than 2^32−1 is a jail id, anything else is a name. A jail
 * whose name is all digits therefore cannot be addressed by name.
 */
export function parseJailTarget(text: string): JailTarget {
  const n = parseCUnsigned(text);
  if (n !== undefined && n <= U32_MAX) return { kind: 'id', id: Number(n) };
  return { kind: 'name', name: text };
}

/** The message upstream prints when a target matches no jail. */
export function targetNotFoundMessage(target: JailTarget): string {
  return target.kind === 'id' ? `jail ${target.id} not found` : `jail '${target.name}' not found`;
}
