import { describeBackendConformance } from '@jails/core/testing';
import { createSimBackend, SIM_CAPABILITIES } from './index.js';

describeBackendConformance({
  name: 'sim (virtual)',
  capabilities: SIM_CAPABILITIES,
  create: () => createSimBackend(),
});
