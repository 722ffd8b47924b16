import { describe, expect, it } from 'vitest';
import { createFaultRegistry } from './fault-registry';

describe('fault registry', () => {
  it('hits the next N matching requests, then stops', () => {
    const faults = createFaultRegistry();
    faults.addHttpFault({ kind: 'status', status: 503, body: 'kite' }, { count: 2 });
    expect(faults.takeHttpFault('GET', '/quote')).toEqual({
      kind: 'status',
      status: 503,
      body: 'kite',
    });
    expect(faults.takeHttpFault('POST', '/orders/regular')).not.toBeNull();
    expect(faults.takeHttpFault('GET', '/quote')).toBeNull();
    expect(faults.snapshot().http).toEqual([]);
  });

  it('narrows a fault to a path prefix and a method', () => {
    const faults = createFaultRegistry();
    faults.addHttpFault(
      { kind: 'delay', ms: 50 },
      { count: 1, pathPrefix: '/orders', method: 'post' },
    );
    expect(faults.takeHttpFault('GET', '/orders')).toBeNull();
    expect(faults.takeHttpFault('POST', '/quote')).toBeNull();
    expect(faults.takeHttpFault('POST', '/orders/regular')).toEqual({ kind: 'delay', ms: 50 });
    expect(faults.takeHttpFault('POST', '/orders/regular')).toBeNull();
  });

  it('applies faults in the order they were armed', () => {
    const faults = createFaultRegistry();
    faults.addHttpFault({ kind: 'timeout', ms: 10 }, { count: 1 });
    faults.addHttpFault({ kind: 'status', status: 429, body: 'kite' }, { count: 1 });
    expect(faults.takeHttpFault('GET', '/x')?.kind).toBe('timeout');
    expect(faults.takeHttpFault('GET', '/x')?.kind).toBe('status');
  });

  it('counts order-update faults', () => {
    const faults = createFaultRegistry();
    faults.addOrderUpdateFault('duplicate', 2);
    faults.addOrderUpdateFault('reorder', 1);
    expect(faults.snapshot()).toMatchObject({
      orderUpdates: [
        { kind: 'duplicate', remaining: 2 },
        { kind: 'reorder', remaining: 1 },
      ],
    });
    expect([
      faults.takeOrderUpdateFault(),
      faults.takeOrderUpdateFault(),
      faults.takeOrderUpdateFault(),
      faults.takeOrderUpdateFault(),
    ]).toEqual(['duplicate', 'duplicate', 'reorder', null]);
  });

  it('toggles heartbeats and clears everything', () => {
    const faults = createFaultRegistry();
    faults.setHeartbeatsStopped(true);
    faults.setTickerMuted(true);
    faults.addHttpFault({ kind: 'delay', ms: 1 }, { count: 5 });
    expect([faults.heartbeatsStopped(), faults.tickerMuted()]).toEqual([true, true]);
    faults.clear();
    expect(faults.snapshot()).toEqual({
      http: [],
      orderUpdates: [],
      heartbeatsStopped: false,
      tickerMuted: false,
    });
  });

  it('refuses a count that is not a positive integer', () => {
    const faults = createFaultRegistry();
    expect(() => faults.addHttpFault({ kind: 'delay', ms: 1 }, { count: 0 })).toThrow(RangeError);
    expect(() => {
      faults.addOrderUpdateFault('duplicate', 1.5);
    }).toThrow(RangeError);
  });
});
