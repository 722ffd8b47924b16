export { findFreePort } from './free-port';
export { type PostgresServer, type StartPostgresOptions, startPostgres } from './postgres';
export {
  type KiteSimProcess,
  type StartKiteSimProcessOptions,
  startKiteSimProcess,
} from './kite-sim-process';
export { type RedisServer, type StartRedisOptions, startRedis } from './redis';
export { INFY, NIFTY_FUT, NIFTY_INDEX } from './instruments';
export { type AnswerLoss, type LossyProxy, startLossyProxy } from './lossy-proxy';
export { logInThroughKitePage } from './kite-login';
export {
  type Figures,
  type ReliabilityArea,
  type ReliabilityCase,
  type ReliabilityRow,
  RELIABILITY_AREAS,
  RELIABILITY_RESULTS,
  checkReliability,
} from './reliability';
export {
  type ReportMeta,
  parseReliabilityRows,
  renderReliabilityReport,
} from './reliability-report';
export { type BenchId, type BenchTarget, BENCH_IDS, BENCH_TARGETS } from './bench-targets';
export {
  type BenchRecord,
  type BenchRow,
  type Percentiles,
  BENCH_RESULTS,
  recordBench,
  summarize,
} from './bench';
export { parseBenchRows, renderPerformanceReport } from './bench-report';
