export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendChoiceOptions,
  type BackendName,
  chooseBackend,
  defaultSimPrefix,
  supervisorStateDir,
} from './backend-choice.js';
export { parseLimitArgument, parseNumberArgument, parsePortList, parseProfileArgument } from './cli-args.js';
export {
  type BackendModule,
  type BackendModuleOptions,
  backendDescriptorOf,
  type LoadBackendOptions,
  loadBackend,
  loadBackendDescriptor,
  type OpenJailsOptions,
  openJails,
} from './load-backend.js';
