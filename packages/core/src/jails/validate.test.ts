import { describe, expect, it } from 'vitest';
import { JailError } from '../errors/jail-error.js';
import type { JailCreateRequest, JailSpec } from './jail-spec.js';
import { toCreateRequest } from './jail-spec.js';
import {
  assertValidJailSpec,
  firstKernelIssue,
  type ValidationRule,
  validateCreateRequest,
} from './validate.js';

const base: JailCreateRequest = { name: 'web', root: '/var/jailmgr/jails/web/root' };

/** Every rule, with one request that breaks it and one close to it that passes. */
const RULES: {
  rule: ValidationRule;
  field: string;
  level: 'kernel' | 'sdk';
  bad: Partial<JailCreateRequest>;
  good: Partial<JailCreateRequest>;
  says: RegExp;
}[] = [
  {
    rule: 'name.empty',
    field: 'name',
    level: 'kernel',
    bad: { name: '' },
    good: { name: 'w' },
    says: /must not be empty/,
  },
  {
    rule: 'name.too-long',
    field: 'name',
    level: 'kernel',
    bad: { name: 'é'.repeat(32) },
    good: { name: 'n'.repeat(63) },
    says: /64 bytes long; at most 63/,
  },
  {
    rule: 'name.newline',
    field: 'name',
    level: 'kernel',
    bad: { name: 'a\nb' },
    good: { name: 'a b' },
    says: /newline/,
  },
  {
    rule: 'name.control-character',
    field: 'name',
    level: 'sdk',
    bad: { name: 'a\tb' },
    good: { name: 'a-b' },
    says: /control characters \(found 0x09\)/,
  },
  {
    rule: 'root.empty',
    field: 'root',
    level: 'kernel',
    bad: { root: '' },
    good: { root: '/' },
    says: /must not be empty/,
  },
  {
    rule: 'root.too-long',
    field: 'root',
    level: 'kernel',
    bad: { root: `/${'r'.repeat(255)}` },
    good: { root: `/${'r'.repeat(254)}` },
    says: /256 bytes long; at most 255/,
  },
  {
    rule: 'root.newline',
    field: 'root',
    level: 'kernel',
    bad: { root: '/a\nb' },
    good: { root: '/a b' },
    says: /newline/,
  },
  {
    rule: 'root.nul',
    field: 'root',
    level: 'sdk',
    bad: { root: '/a\0b' },
    good: { root: '/a0b' },
    says: /NUL/,
  },
  {
    rule: 'root.not-absolute',
    field: 'root',
    level: 'sdk',
    bad: { root: 'jails/web' },
    good: { root: '/jails/web' },
    says: /absolute path \(got 'jails\/web'\)/,
  },
  {
    rule: 'profile.invalid',
    field: 'profile',
    level: 'kernel',
    bad: { profile: 'x' as never },
    good: { profile: 'low' },
    says: /invalid profile 'x' \(expected low\|medium\|high\)/,
  },
  {
    rule: 'limits.unknown',
    field: 'limits.cpuWeight',
    level: 'kernel',
    bad: { limits: { cpuWeight: 3 } as never },
    good: { limits: { fdMax: 3 } },
    says: /unknown limit 'cpuWeight'/,
  },
  {
    rule: 'limits.not-integer',
    field: 'limits.memoryMaxBytes',
    level: 'sdk',
    bad: { limits: { memoryMaxBytes: 1.5 } },
    good: { limits: { memoryMaxBytes: 2 } },
    says: /whole number from 0 to/,
  },
  {
    rule: 'limits.flagged-zero',
    field: 'limits.procMax',
    level: 'kernel',
    bad: { limits: { procMax: 0 } },
    good: { limits: { procMax: 1 } },
    says: /set to 0: a limit that is given must be non-zero/,
  },
  {
    rule: 'limits.cpu-pair',
    field: 'limits.cpuPeriodMicros',
    level: 'kernel',
    bad: { limits: { cpuQuotaTicks: 200 } },
    good: { limits: { cpuQuotaTicks: 200, cpuPeriodMicros: 1_000_000 } },
    says: /must be given together \(cpuQuotaTicks is set, cpuPeriodMicros is not\)/,
  },
  {
    rule: 'ports.empty',
    field: 'reservedPorts',
    level: 'kernel',
    bad: { reservedPorts: [] },
    good: { reservedPorts: [80] },
    says: /given but empty/,
  },
  {
    rule: 'ports.too-many',
    field: 'reservedPorts',
    level: 'kernel',
    bad: { reservedPorts: Array.from({ length: 33 }, (_, i) => i + 1) },
    good: { reservedPorts: Array.from({ length: 32 }, (_, i) => i + 1) },
    says: /at most 32 ports can be reserved \(got 33\)/,
  },
  {
    rule: 'ports.zero',
    field: 'reservedPorts[1]',
    level: 'kernel',
    bad: { reservedPorts: [80, 0] },
    good: { reservedPorts: [80, 1] },
    says: /port 0 is not allowed/,
  },
  {
    rule: 'ports.out-of-range',
    field: 'reservedPorts[0]',
    level: 'sdk',
    bad: { reservedPorts: [65536] },
    good: { reservedPorts: [65535] },
    says: /65536 is out of range/,
  },
  {
    rule: 'ports.duplicate',
    field: 'reservedPorts[2]',
    level: 'kernel',
    bad: { reservedPorts: [80, 443, 80] },
    good: { reservedPorts: [80, 443, 8080] },
    says: /port 80 is listed twice/,
  },
];

describe('validateCreateRequest', () => {
  it('accepts the seed page’s web jail', () => {
    expect(
      validateCreateRequest({
        ...base,
        profile: 'medium',
        limits: {
          cpuQuotaTicks: 200,
          cpuPeriodMicros: 1_000_000,
          memoryMaxBytes: 536870912,
          procMax: 512,
          fdMax: 8192,
          sockbufMaxBytes: 134217728,
        },
        reservedPorts: [8080],
      }),
    ).toEqual([]);
  });

  for (const r of RULES) {
    it(`${r.rule}: rejects the bad case, naming ${r.field}`, () => {
      const issues = validateCreateRequest({ ...base, ...r.bad });
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ rule: r.rule, field: r.field, level: r.level });
      expect(issues[0]?.message).toMatch(r.says);
    });
    it(`${r.rule}: accepts the nearby good case`, () => {
      expect(validateCreateRequest({ ...base, ...r.good })).toEqual([]);
    });
  }

  it('checks in the kernel’s order: ports, profile, limits, name, root', () => {
    const issues = validateCreateRequest({
      name: '',
      root: '',
      profile: 'x' as never,
      reservedPorts: [0],
      limits: { fdMax: 0 },
    });
    expect(issues.map((i) => i.rule)).toEqual([
      'ports.zero',
      'profile.invalid',
      'limits.flagged-zero',
      'name.empty',
      'root.empty',
    ]);
  });

  it('firstKernelIssue ignores the SDK-only rules, as the kernel does', () => {
    expect(firstKernelIssue({ ...base, root: 'relative', name: 'a\tb' })).toBeUndefined();
    expect(firstKernelIssue({ ...base, name: 'a\nb' })?.rule).toBe('name.newline');
  });
});

describe('assertValidJailSpec', () => {
  it('treats limits given as 0 as unlimited and an empty port list as none', () => {
    const spec: JailSpec = {
      ...base,
      limits: { procMax: 0, cpuQuotaTicks: 0, cpuPeriodMicros: 0 },
      reservedPorts: [],
    };
    expect(() => assertValidJailSpec(spec)).not.toThrow();
    expect(toCreateRequest(spec)).toEqual(base);
  });

  it('throws a ValidationError that names the field and the reason', () => {
    let error: unknown;
    try {
      assertValidJailSpec({ ...base, limits: { cpuPeriodMicros: 1_000_000 } });
    } catch (e) {
      error = e;
    }
    expect(JailError.is(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ValidationError',
      code: 'INVALID_ARGUMENT',
      errno: 'EINVAL',
      errnoNumber: 22,
      field: 'limits.cpuQuotaTicks',
      operation: 'create',
    });
    expect((error as Error).message).toBe(
      'limits.cpuQuotaTicks: cpuQuotaTicks and cpuPeriodMicros must be given together (cpuPeriodMicros is set, cpuQuotaTicks is not)',
    );
  });

  it('rejects negative limits even though 0 is allowed', () => {
    expect(() => assertValidJailSpec({ ...base, limits: { fdMax: -1 } })).toThrow(
      /fdMax must be a whole number/,
    );
  });
});
