export type { JailCounters, JailInfo, JailLimitsInfo, JailUsage } from './jail-info.js';
export {
  DEFAULT_PROFILE,
  HOST_JID,
  JAIL_NAME_MAX_BYTES,
  JAIL_PORTS_MAX,
  JAIL_ROOT_MAX_BYTES,
  type JailCreateRequest,
  type JailId,
  type JailLimits,
  type JailSpec,
  LIMIT_KEYS,
  LIMIT_MAX,
  type LimitKey,
  PROFILES,
  type Profile,
  toCreateRequest,
} from './jail-spec.js';
export { type JailTarget, parseCUnsigned, parseJailTarget, targetNotFoundMessage } from './target.js';
export {
  assertValidJailSpec,
  firstKernelIssue,
  issueToError,
  type ValidationIssue,
  type ValidationRule,
  validateCreateRequest,
} from './validate.js';
