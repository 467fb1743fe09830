/**
 * `@jails/backend-netbsd`: drives the real `security.models.jail` sysctls
 * through a small C helper. This first part holds the kernel ABI constants;
 * the helper and the backend factory follow.
 * @packageDocumentation
 */
export {
  createFlags,
  JAIL_CREATE_FLAGS,
  JAIL_CREATE_SIZE,
  JAIL_INFO_SIZE,
  JAIL_PROFILE_NUMBERS,
} from './abi.js';
export { createBackend } from './tool-backend.js';
