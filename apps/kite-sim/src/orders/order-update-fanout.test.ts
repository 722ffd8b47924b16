import { describe, expect, it, vi } from 'vitest';
import { createFaultRegistry } from '../faults/fault-registry';
import type { KiteWire } from '../trading/trading-port';
import { createOrderUpdateFanout } from './order-update-fanout';

function setUp(latencyMs = 0) {
  const faults = createFaultRegistry();
  const ticker: KiteWire[] = [];
  const postbacks: KiteWire[] = [];
  const fanout = createOrderUpdateFanout(
    faults,
    {
      ticker: (p) => ticker.push(p),
      postback: (p) => postbacks.push(p),
    },
    1_000,
    latencyMs,
  );
  return { faults, ticker, postbacks, fanout };
}

const update = (id: number): KiteWire => ({ order_id: String(id) });

describe('order update fan-out', () => {
  it('sends every update to the ticker and the postback, in order', () => {
    const { fanout, ticker, postbacks } = setUp();
    fanout.publish(update(1));
    fanout.publish(update(2));
    expect(ticker).toEqual([update(1), update(2)]);
    expect(postbacks).toEqual(ticker);
  });

  it('duplicates the next N updates on a duplicate fault', () => {
    const { faults, fanout, ticker } = setUp();
    faults.addOrderUpdateFault('duplicate', 1);
    fanout.publish(update(1));
    fanout.publish(update(2));
    expect(ticker).toEqual([update(1), update(1), update(2)]);
  });

  it('delivers a held update after the next one on a reorder fault', () => {
    const { faults, fanout, ticker, postbacks } = setUp();
    faults.addOrderUpdateFault('reorder', 1);
    fanout.publish(update(1));
    expect(ticker).toEqual([]);
    fanout.publish(update(2));
    fanout.publish(update(3));
    expect(ticker).toEqual([update(2), update(1), update(3)]);
    expect(postbacks).toEqual(ticker);
  });

  it('holds every update for the latency, in order, on both paths', () => {
    vi.useFakeTimers();
    try {
      const { fanout, ticker, postbacks } = setUp(40);
      fanout.publish(update(1));
      vi.advanceTimersByTime(10);
      fanout.publish(update(2));
      vi.advanceTimersByTime(29);
      expect(ticker).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(ticker).toEqual([update(1)]);
      expect(postbacks).toEqual([update(1)]);
      vi.advanceTimersByTime(10);
      expect(ticker).toEqual([update(1), update(2)]);
      expect(postbacks).toEqual(ticker);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops what is still in transit when it closes', () => {
    vi.useFakeTimers();
    try {
      const { fanout, ticker } = setUp(40);
      fanout.publish(update(1));
      fanout.close();
      vi.advanceTimersByTime(100);
      expect(ticker).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not lose a held update when nothing follows', () => {
    const { faults, fanout, ticker } = setUp();
    faults.addOrderUpdateFault('reorder', 1);
    fanout.publish(update(1));
    fanout.flushHeld();
    expect(ticker).toEqual([update(1)]);
    fanout.close();
  });
});
