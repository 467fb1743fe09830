export {
  BACKEND_NAMES,
  type BackendChoice,
  type BackendChoiceOptions,
  type BackendName,
  chooseBackend,
  defaultSimPrefix,
} from './backend-choice.js';
export { parseLimitArgument, parseNumberArgument, parsePortList, parseProfileArgument } from './cli-args.js';
export {
  type BackendModule,
  type BackendModuleOptions,
  type LoadBackendOptions,
  loadBackend,
  openJails,
} from './load-backend.js';
