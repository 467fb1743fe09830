import { describe, expect, it } from 'vitest';
import { LineSplitter, SYSLOG_LINE_MAX_BYTES } from './line-splitter.js';

function split(chunks: (string | Buffer)[], max?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((l) => lines.push(l.toString()), max);
  for (const c of chunks) splitter.push(typeof c === 'string' ? Buffer.from(c) : c);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('passes complete lines, joins lines across chunks and flushes the partial last line', () => {
    expect(split(['a\nb', 'c\n', '\n', 'tail'])).toEqual(['a', 'bc', '', 'tail']);
    expect(split(['x\n'])).toEqual(['x']);
    expect(split([])).toEqual([]);
  });

  it('splits lines longer than 510 bytes into 510-byte pieces', () => {
    expect(SYSLOG_LINE_MAX_BYTES).toBe(510);
    const long = 'a'.repeat(510) + 'b'.repeat(510) + 'c'.repeat(3);
    expect(split([`${long}\n`]).map((l) => l.length)).toEqual([510, 510, 3]);
    expect(split([`${'a'.repeat(510)}\n`])).toEqual(['a'.repeat(510)]);
    expect(split([`${'a'.repeat(511)}\n`]).map((l) => l.length)).toEqual([510, 1]);
  });

  it('emits pieces of a long line before its newline arrives (bounded memory)', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l.toString()), 4);
    splitter.push(Buffer.from('abc'));
    splitter.push(Buffer.from('defgh'));
    expect(lines).toEqual(['abcd']);
    splitter.push(Buffer.from('\n'));
    expect(lines).toEqual(['abcd', 'efgh']);
  });

  it('never cuts a UTF-8 character in two', () => {
    const line = `${'a'.repeat(509)}é${'z'}`;
    const pieces = split([`${line}\n`]);
    expect(pieces).toEqual(['a'.repeat(509), 'éz']);
    expect(
      split([Buffer.from([...Array(511).fill(0x80), 0x0a])]).map((l) => Buffer.byteLength(l, 'latin1')),
    ).toHaveLength(2);
  });
});
