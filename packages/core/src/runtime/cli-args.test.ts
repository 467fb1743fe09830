import { describe, expect, it } from 'vitest';
import { parseLimitArgument, parseNumberArgument, parsePortList, parseProfileArgument } from './cli-args.js';

describe('parseNumberArgument', () => {
  it('accepts decimal, hex and octal', () => {
    expect(parseNumberArgument('536870912', '-m', 'memory.max')).toBe(536870912);
    expect(parseNumberArgument('0x20000000', '-m', 'memory.max')).toBe(536870912);
    expect(parseNumberArgument('0777', '-p', 'proc.max')).toBe(511);
    expect(parseNumberArgument('0', '-p', 'proc.max')).toBe(0);
  });
  it.each([
    ['abc', /invalid memory.max 'abc' for -m/],
    ['-5', /invalid memory.max '-5'/],
    ['12k', /invalid memory.max '12k'/],
    ['', /invalid memory.max ''/],
    [' 5', /invalid memory.max ' 5'/],
    ['18446744073709551616', /memory.max '18446744073709551616' for -m is too large/],
  ])('rejects %j', (text, message) => {
    expect(() => parseNumberArgument(text, '-m', 'memory.max')).toThrow(message);
  });
});

describe('parseLimitArgument', () => {
  it('refuses 0 for a limit, naming the option', () => {
    expect(() => parseLimitArgument('0', '-d', 'fd.max')).toThrow('fd.max for -d must be non-zero');
    expect(parseLimitArgument('8192', '-d', 'fd.max')).toBe(8192);
  });
});

describe('parsePortList', () => {
  it('splits a comma list', () => expect(parsePortList('80,443,0x1f90')).toEqual([80, 443, 8080]));
  it.each([
    ['80,,443', /empty port/],
    ['http', /invalid port 'http'/],
    ['0', /port 0 for -r is out of range/],
    ['65536', /port 65536 for -r is out of range/],
  ])('rejects %j', (text, message) => expect(() => parsePortList(text)).toThrow(message));
});

describe('parseProfileArgument', () => {
  it('accepts the three profiles and words the error as upstream', () => {
    expect(parseProfileArgument('medium')).toBe('medium');
    expect(() => parseProfileArgument('x')).toThrow("invalid profile 'x' (expected low|medium|high)");
  });
});
