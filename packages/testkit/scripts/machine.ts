import { availableParallelism, cpus, platform, totalmem } from 'node:os';
import type { ReportMeta } from '../src/reliability-report';

/** The machine a report's figures come from, and when it was written. */
export function describeMachine(): ReportMeta {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const gib = Math.round(totalmem() / 2 ** 30);
  return {
    machine: `${availableParallelism()} cores (${cpu}), ${gib} GiB, Node ${process.version}, ${platform()}`,
    generatedAt: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  };
}
