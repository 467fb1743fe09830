export type { MemberSample } from './accounting.js';
export type { HostJailData, HostMemberRef, HostSimProcess } from './driver-data.js';
export type { SignalSender } from './enforce.js';
export { ENV_JAIL_NAME, ENV_JID, ENV_KERNEL, type MembershipChanges } from './membership.js';
export { HOST_SIM_NOTICE, takeHostSimNotice } from './notice.js';
export {
  defaultProcSource,
  type HostProcEntry,
  type ListeningSocket,
  type ProcSource,
} from './proc-source.js';
export { createProcfsSource, type ProcfsSourceOptions } from './procfs-source.js';
export { createPsSource } from './ps-source.js';
export {
  createHostSampler,
  type HostSampleReport,
  type HostSampler,
  type HostSamplerOptions,
} from './sampler.js';
export type { HostViolation } from './violations.js';
