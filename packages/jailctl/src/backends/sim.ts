/** `@jails/backend-sim` as jailctl loads it: the tools' factory only. */
export { createBackend } from '@jails/backend-sim';
