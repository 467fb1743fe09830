export { parseLimitArgument, parseNumberArgument, parsePortList, parseProfileArgument } from './cli-args.js';
