import { readFile, statfs } from 'node:fs/promises';
import { availableParallelism, freemem, loadavg, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface SystemMetrics {
  readonly cpu: {
    readonly cores: number;
    readonly loadAverage: readonly number[];
    /** This process's CPU time since the previous reading, % of one core. */
    readonly processPercent: number;
  };
  readonly memory: {
    readonly rssBytes: number;
    readonly heapUsedBytes: number;
    readonly systemTotalBytes: number;
    readonly systemFreeBytes: number;
  };
  readonly disk: {
    readonly path: string;
    readonly totalBytes: number;
    readonly freeBytes: number;
  } | null;
  /** Bytes through every interface since boot (Linux /proc/net/dev); null elsewhere. */
  readonly network: { readonly receivedBytes: number; readonly sentBytes: number } | null;
  /** Event-loop delay since the previous reading, in ms. */
  readonly eventLoopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** GET /system/metrics: the host and the process, for the dashboard's health page. */
export function createSystemMetrics(options: { readonly dataDir: string }): {
  readonly read: () => Promise<SystemMetrics>;
  readonly stop: () => void;
} {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();

  return {
    read: async () => {
      const cpu = process.cpuUsage();
      const now = performance.now();
      const usedMicros = cpu.user - lastCpu.user + (cpu.system - lastCpu.system);
      const elapsedMs = Math.max(1, now - lastAt);
      lastCpu = cpu;
      lastAt = now;
      const memory = process.memoryUsage();
      const toMs = (nanos: number) => Number((nanos / 1e6).toFixed(3));
      const eventLoopDelayMs = {
        p50: toMs(delay.percentile(50)),
        p99: toMs(delay.percentile(99)),
        max: toMs(delay.max),
      };
      delay.reset();
      return {
        cpu: {
          cores: availableParallelism(),
          loadAverage: loadavg(),
          processPercent: Number(((usedMicros / 1000 / elapsedMs) * 100).toFixed(1)),
        },
        memory: {
          rssBytes: memory.rss,
          heapUsedBytes: memory.heapUsed,
          systemTotalBytes: totalmem(),
          systemFreeBytes: freemem(),
        },
        disk: await readDisk(options.dataDir),
        network: await readNetwork(),
        eventLoopDelayMs,
      };
    },
    stop: () => {
      delay.disable();
    },
  };
}

async function readDisk(path: string): Promise<SystemMetrics['disk']> {
  try {
    const stats = await statfs(path);
    return { path, totalBytes: stats.blocks * stats.bsize, freeBytes: stats.bavail * stats.bsize };
  } catch {
    return null;
  }
}

async function readNetwork(): Promise<SystemMetrics['network']> {
  try {
    const text = await readFile('/proc/net/dev', 'utf8');
    let receivedBytes = 0;
    let sentBytes = 0;
    // Two header lines, then "iface: rx_bytes rx_packets … (8 fields) tx_bytes …".
    for (const line of text.split('\n').slice(2)) {
      const [, counters] = line.split(':');
      if (counters === undefined) continue;
      const fields = counters.trim().split(/\s+/).map(Number);
      receivedBytes += fields[0] ?? 0;
      sentBytes += fields[8] ?? 0;
    }
    return { receivedBytes, sentBytes };
  } catch {
    return null;
  }
}
