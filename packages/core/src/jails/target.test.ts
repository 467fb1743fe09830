import { describe, expect, it } from 'vitest';
import { parseCUnsigned, parseJailTarget, targetNotFoundMessage } from './target.js';

describe('parseCUnsigned (strtoumax, base 0, whole string)', () => {
  it.each([
    ['0', 0n],
    ['42', 42n],
    ['0x1F', 31n],
    ['0X10', 16n],
    ['017', 15n],
    ['18446744073709551615', 18446744073709551615n],
  ])('%s → %s', (text, value) => expect(parseCUnsigned(text)).toBe(value));

  it.each(['', ' 1', '1 ', '+1', '-1', '08', '0x', '1e3', '1.0', 'web', '0xg'])('rejects %j', (text) => {
    expect(parseCUnsigned(text)).toBeUndefined();
  });
});

describe('parseJailTarget', () => {
  it('treats a number up to 2^32−1 as an id', () => {
    expect(parseJailTarget('3')).toEqual({ kind: 'id', id: 3 });
    expect(parseJailTarget('0x3')).toEqual({ kind: 'id', id: 3 });
    expect(parseJailTarget('4294967295')).toEqual({ kind: 'id', id: 4294967295 });
  });
  it('treats everything else as a name, including numbers past u32', () => {
    expect(parseJailTarget('web')).toEqual({ kind: 'name', name: 'web' });
    expect(parseJailTarget('4294967296')).toEqual({ kind: 'name', name: '4294967296' });
    expect(parseJailTarget('08')).toEqual({ kind: 'name', name: '08' });
  });
  it('words the not-found error as upstream does', () => {
    expect(targetNotFoundMessage(parseJailTarget('3'))).toBe('jail 3 not found');
    expect(targetNotFoundMessage(parseJailTarget('web'))).toBe("jail 'web' not found");
  });
});
