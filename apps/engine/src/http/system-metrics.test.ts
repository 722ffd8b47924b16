import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSystemMetrics } from './system-metrics';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kavach-metrics-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('system metrics', () => {
  it('reads CPU, memory, disk, network and event-loop delay', async () => {
    const metrics = createSystemMetrics({ dataDir: dir });
    try {
      // Keep the loop busy for a moment so the delay histogram has something to show.
      const until = Date.now() + 30;
      while (Date.now() < until) Math.sqrt(Math.random());
      await new Promise((resolve) => setTimeout(resolve, 30));
      const reading = await metrics.read();
      expect(reading.cpu.cores).toBeGreaterThan(0);
      expect(reading.cpu.loadAverage).toHaveLength(3);
      expect(reading.cpu.processPercent).toBeGreaterThan(0);
      expect(reading.memory.rssBytes).toBeGreaterThan(reading.memory.heapUsedBytes);
      expect(reading.memory.systemFreeBytes).toBeLessThanOrEqual(reading.memory.systemTotalBytes);
      expect(reading.disk?.path).toBe(dir);
      expect(reading.disk?.freeBytes).toBeGreaterThan(0);
      expect(reading.disk?.freeBytes).toBeLessThanOrEqual(reading.disk?.totalBytes ?? 0);
      expect(reading.network === null || reading.network.receivedBytes >= 0).toBe(true);
      expect(reading.eventLoopDelayMs.max).toBeGreaterThanOrEqual(reading.eventLoopDelayMs.p50);
    } finally {
      metrics.stop();
    }
  });

  it('reports no disk for a path that does not exist, rather than failing', async () => {
    const metrics = createSystemMetrics({ dataDir: join(dir, 'missing') });
    try {
      expect((await metrics.read()).disk).toBeNull();
    } finally {
      metrics.stop();
    }
  });
});
