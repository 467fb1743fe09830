export {
  escapeLabelValue,
  JAIL_METRICS,
  type JailMetric,
  PROMETHEUS_HTTP_HEAD,
  type PrometheusOptions,
  renderPrometheus,
} from './prometheus.js';
export { NO_JAILS, renderStatsTable, type StatsTableOptions } from './stats-table.js';
