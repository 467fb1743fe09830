import type { JailCreateRequest } from '@jails/core/backend';

/**
 * `JAIL_CREATE_*` flag bits of the model-B kernel ABI (`<sys/jail.h>`,
 * upstream-facts 2.2): each enables one field of `struct jail_create`.
 */
export const JAIL_CREATE_FLAGS = Object.freeze({
  cpuQuotaTicks: 0x01,
  cpuPeriodMicros: 0x02,
  memoryMaxBytes: 0x04,
  procMax: 0x08,
  fdMax: 0x10,
  sockbufMaxBytes: 0x20,
  profile: 0x40,
  reservedPorts: 0x80,
});

/** `sizeof(struct jail_create)` and `sizeof(struct jail_info)` on LP64. */
export const JAIL_CREATE_SIZE = 456;
/** `sizeof(struct jail_info)` on LP64. */
export const JAIL_INFO_SIZE = 456;

/** Kernel profile numbers (`JAIL_PROFILE_LOW` … `JAIL_PROFILE_HIGH`). */
export const JAIL_PROFILE_NUMBERS = Object.freeze({ low: 0, medium: 1, high: 2 });

/**
 * The `jc_flags` word the helper writes for a create request: a bit for each
 * limit present, for an explicit profile, and for a port list.
 */
export function createFlags(request: JailCreateRequest): number {
  let flags = 0;
  for (const [key, bit] of Object.entries(JAIL_CREATE_FLAGS)) {
    const present =
      key === 'profile'
        ? request.profile !== undefined
        : key === 'reservedPorts'
          ? request.reservedPorts !== undefined
          : request.limits?.[key as keyof NonNullable<JailCreateRequest['limits']>] !== undefined;
    if (present) flags |= bit;
  }
  return flags;
}
