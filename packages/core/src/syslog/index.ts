export {
  DEFAULT_FACILITY,
  DEFAULT_STDERR_LEVEL,
  DEFAULT_STDOUT_LEVEL,
  DEFAULT_TAG,
  parseFacility,
  parseLevel,
  SYSLOG_FACILITIES,
  SYSLOG_LEVELS,
  SYSLOG_TAG_MAX_BYTES,
  type SyslogFacility,
  type SyslogLevel,
  sanitizeTag,
  syslogPriority,
} from './codes.js';
export { formatSyslogTimestamp, SyslogEncoder, type SyslogEncoderOptions } from './encoder.js';
export {
  createJailLog,
  JailLog,
  type JailLogOptions,
  type JailLogSubject,
  type OutputStream,
} from './jail-log.js';
export { LineSplitter, SYSLOG_LINE_MAX_BYTES } from './line-splitter.js';
export {
  createSyslogClient,
  SyslogClient,
  type SyslogClientOptions,
  type SyslogStats,
} from './syslog-client.js';
export {
  defaultSyslogSocketPath,
  formatSyslogTarget,
  parseSyslogTarget,
  SYSLOG_DEFAULT_PORT,
  type SyslogTarget,
  type SyslogTcpFraming,
  UNIX_SOCKET_PATH_MAX_BYTES,
} from './target.js';
