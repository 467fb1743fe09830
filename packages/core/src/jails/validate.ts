import { ValidationError } from '../errors/jail-error.js';
import {
  JAIL_NAME_MAX_BYTES,
  JAIL_PORTS_MAX,
  JAIL_ROOT_MAX_BYTES,
  type JailCreateRequest,
  type JailSpec,
  LIMIT_KEYS,
  LIMIT_MAX,
  PROFILES,
  toCreateRequest,
} from './jail-spec.js';

/**
 * One problem with a create request: which field, which rule, and why, in
 * words an operator understands. `kernel` rules are the ones the model-B
 * kernel itself applies (it answers EINVAL); `sdk` rules are stricter checks
 * this SDK adds so that bad input is caught before a backend is touched.
 */
export interface ValidationIssue {
  readonly field: string;
  readonly rule: ValidationRule;
  readonly level: 'kernel' | 'sdk';
  readonly message: string;
}

/** Identifiers of the validation rules (upstream-facts 2.5, plus the SDK's own). */
export type ValidationRule =
  | 'name.empty'
  | 'name.too-long'
  | 'name.newline'
  | 'name.control-character'
  | 'root.empty'
  | 'root.too-long'
  | 'root.newline'
  | 'root.nul'
  | 'root.not-absolute'
  | 'profile.invalid'
  | 'limits.unknown'
  | 'limits.not-integer'
  | 'limits.flagged-zero'
  | 'limits.cpu-pair'
  | 'ports.empty'
  | 'ports.too-many'
  | 'ports.zero'
  | 'ports.out-of-range'
  | 'ports.duplicate';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));

function checkName(name: unknown, out: ValidationIssue[]): void {
  const add = (rule: ValidationRule, level: 'kernel' | 'sdk', message: string) =>
    out.push({ field: 'name', rule, level, message });
  if (typeof name !== 'string' || name.length === 0) {
    add('name.empty', 'kernel', 'jail name must not be empty');
    return;
  }
  if (bytes(name) > JAIL_NAME_MAX_BYTES) {
    add(
      'name.too-long',
      'kernel',
      `jail name is ${bytes(name)} bytes long; at most ${JAIL_NAME_MAX_BYTES} are allowed`,
    );
  }
  if (name.includes('\n')) add('name.newline', 'kernel', 'jail name must not contain a newline');
  const ctl = /[\u0000-\u001f\u007f]/.exec(name.replaceAll('\n', ''));
  if (ctl) {
    const code = ctl[0].charCodeAt(0).toString(16).padStart(2, '0');
    add('name.control-character', 'sdk', `jail name must not contain control characters (found 0x${code})`);
  }
}

function checkRoot(root: unknown, out: ValidationIssue[]): void {
  const add = (rule: ValidationRule, level: 'kernel' | 'sdk', message: string) =>
    out.push({ field: 'root', rule, level, message });
  if (typeof root !== 'string' || root.length === 0) {
    add('root.empty', 'kernel', 'jail root must not be empty');
    return;
  }
  if (bytes(root) > JAIL_ROOT_MAX_BYTES) {
    add(
      'root.too-long',
      'kernel',
      `jail root is ${bytes(root)} bytes long; at most ${JAIL_ROOT_MAX_BYTES} are allowed`,
    );
  }
  if (root.includes('\n')) add('root.newline', 'kernel', 'jail root must not contain a newline');
  if (root.includes('\0')) add('root.nul', 'sdk', 'jail root must not contain a NUL byte');
  if (!root.startsWith('/'))
    add('root.not-absolute', 'sdk', `jail root must be an absolute path (got ${show(root)})`);
}

function checkLimits(req: JailCreateRequest, out: ValidationIssue[]): void {
  const limits = (req.limits ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(limits)) {
    if (!(LIMIT_KEYS as readonly string[]).includes(key)) {
      out.push({
        field: `limits.${key}`,
        rule: 'limits.unknown',
        level: 'kernel',
        message: `unknown limit '${key}' (expected one of ${LIMIT_KEYS.join(', ')})`,
      });
    }
  }
  for (const key of LIMIT_KEYS) {
    if (!(key in limits) || limits[key] === undefined) continue;
    const value = limits[key];
    const field = `limits.${key}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > LIMIT_MAX) {
      out.push({
        field,
        rule: 'limits.not-integer',
        level: 'sdk',
        message: `${key} must be a whole number from 0 to ${LIMIT_MAX} (got ${show(value)})`,
      });
    } else if (value === 0) {
      out.push({
        field,
        rule: 'limits.flagged-zero',
        level: 'kernel',
        message: `${key} is set to 0: a limit that is given must be non-zero (leave it out for unlimited)`,
      });
    }
  }
  const quota = limits.cpuQuotaTicks !== undefined;
  const period = limits.cpuPeriodMicros !== undefined;
  if (quota !== period) {
    const [given, missing] = quota
      ? ['cpuQuotaTicks', 'cpuPeriodMicros']
      : ['cpuPeriodMicros', 'cpuQuotaTicks'];
    out.push({
      field: `limits.${missing}`,
      rule: 'limits.cpu-pair',
      level: 'kernel',
      message: `cpuQuotaTicks and cpuPeriodMicros must be given together (${given} is set, ${missing} is not)`,
    });
  }
}

function checkPorts(ports: readonly unknown[] | undefined, out: ValidationIssue[]): void {
  if (ports === undefined) return;
  const add = (field: string, rule: ValidationRule, level: 'kernel' | 'sdk', message: string) =>
    out.push({ field, rule, level, message });
  if (ports.length === 0) {
    add(
      'reservedPorts',
      'ports.empty',
      'kernel',
      'reservedPorts is given but empty: list 1 to 32 ports or leave it out',
    );
  }
  if (ports.length > JAIL_PORTS_MAX) {
    add(
      'reservedPorts',
      'ports.too-many',
      'kernel',
      `at most ${JAIL_PORTS_MAX} ports can be reserved (got ${ports.length})`,
    );
  }
  const seen = new Set<unknown>();
  ports.forEach((port, i) => {
    const field = `reservedPorts[${i}]`;
    if (port === 0) add(field, 'ports.zero', 'kernel', 'reserved port 0 is not allowed: ports are 1–65535');
    else if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      add(
        field,
        'ports.out-of-range',
        'sdk',
        `reserved port ${show(port)} is out of range: ports are 1–65535`,
      );
    } else if (seen.has(port))
      add(field, 'ports.duplicate', 'kernel', `reserved port ${port} is listed twice`);
    seen.add(port);
  });
}

/**
 * Checks a kernel create request against every rule, in the kernel's order
 * (ports, profile, limits, name, root; upstream-facts 2.5 steps 4–7).
 * @returns every problem found; empty when the request is valid
 */
export function validateCreateRequest(req: JailCreateRequest): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  checkPorts(req.reservedPorts, out);
  if (req.profile !== undefined && !(PROFILES as readonly unknown[]).includes(req.profile)) {
    out.push({
      field: 'profile',
      rule: 'profile.invalid',
      level: 'kernel',
      message: `invalid profile ${show(req.profile)} (expected ${PROFILES.join('|')})`,
    });
  }
  checkLimits(req, out);
  checkName(req.name, out);
  checkRoot(req.root, out);
  return out;
}

/**
 * The first rule the model-B kernel itself would reject `req` for (its EINVAL
 * cases), ignoring the SDK's stricter rules. Backends that emulate the kernel
 * use this so they answer exactly as it does.
 */
export function firstKernelIssue(req: JailCreateRequest): ValidationIssue | undefined {
  return validateCreateRequest(req).find((issue) => issue.level === 'kernel');
}

/** Turns an issue into the error the SDK throws for it. */
export function issueToError(issue: ValidationIssue, operation = 'create'): ValidationError {
  return new ValidationError(issue.field, `${issue.field}: ${issue.message}`, { operation });
}

/**
 * Validates a user's jail spec: every kernel rule plus the SDK's stricter ones.
 * Limits given as 0 mean unlimited here and are accepted.
 * @throws {ValidationError} naming the first field at fault
 */
export function assertValidJailSpec(spec: JailSpec): void {
  const issue = validateCreateRequest(toCreateRequest(spec))[0];
  if (issue) throw issueToError(issue);
}
