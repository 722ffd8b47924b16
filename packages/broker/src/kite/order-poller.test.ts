import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrokerOrderReport, BrokerResult } from '../broker';
import type { BrokerLogger } from './broker-logger';
import { createOrderPoller } from './order-poller';
import { orderReport } from './order-report.fixtures';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createOrderPoller', () => {
  it('polls at once, then every interval after a round ends, and reports changes only', async () => {
    const books: BrokerResult<readonly BrokerOrderReport[]>[] = [
      { ok: true, value: [orderReport()] },
      { ok: true, value: [orderReport()] },
      {
        ok: false,
        error: { kind: 'RETRYABLE', code: 'TIMEOUT', message: 'slow', httpStatus: null },
      },
      { ok: true, value: [orderReport({ status: 'FILLED', filledQuantity: 10 })] },
    ];
    const fetchedAt: number[] = [];
    const changed: BrokerOrderReport[] = [];
    const poller = createOrderPoller({
      intervalMs: 2_000,
      fetchBook: async () => {
        fetchedAt.push(Date.now());
        // Each round takes 500 ms; the next starts 2 s after it ends.
        await new Promise((resolve) => setTimeout(resolve, 500));
        return books.shift() ?? { ok: true, value: [] };
      },
      paused: () => false,
      onChanged: (report) => changed.push(report),
      logger: silent,
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(fetchedAt.slice(0, 4)).toEqual([0, 2_500, 5_000, 7_500]);
    expect(changed.map((r) => r.status)).toEqual(['OPEN', 'FILLED']);
    await poller.stop();
  });

  it('skips rounds while paused, and stops for good', async () => {
    let paused = true;
    let fetches = 0;
    const poller = createOrderPoller({
      intervalMs: 1_000,
      fetchBook: () => {
        fetches += 1;
        return Promise.resolve({ ok: true, value: [] });
      },
      paused: () => paused,
      onChanged: () => undefined,
      logger: silent,
    });
    poller.start();
    await vi.advanceTimersByTimeAsync(3_500);
    expect(fetches).toBe(0);
    paused = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetches).toBe(1);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetches).toBe(1);
  });
});
