import type { Broker, PlaceOrderCommand } from '@kavach/broker';
import { describe, expect, it, vi } from 'vitest';
import { LEASE_LOST_FAILURE, fenceBrokerWrites } from './fence-broker-writes';

const placed = { ok: true as const, value: { brokerOrderId: 'B1' } };

function fakeBroker() {
  return {
    kind: 'KITE',
    placeOrder: vi.fn(() => Promise.resolve(placed)),
    modifyOrder: vi.fn(() => Promise.resolve(placed)),
    cancelOrder: vi.fn(() => Promise.resolve(placed)),
    cancelAllOrders: vi.fn(() => Promise.resolve({ ok: true as const, value: [] })),
    getOrders: vi.fn(() => Promise.resolve({ ok: true as const, value: [] })),
  } as unknown as Broker & Record<string, ReturnType<typeof vi.fn>>;
}

const command = { clientOrderId: 'K1' } as PlaceOrderCommand;

describe('fenceBrokerWrites', () => {
  it('passes every call through while the lease is valid', async () => {
    const broker = fakeBroker();
    const fenced = fenceBrokerWrites(broker, () => true);
    expect(await fenced.placeOrder(command)).toBe(placed);
    await fenced.cancelOrder('B1');
    await fenced.modifyOrder('B1', {});
    await fenced.cancelAllOrders();
    expect(broker.placeOrder).toHaveBeenCalledWith(command);
    expect(broker.cancelOrder).toHaveBeenCalledOnce();
    expect(broker.modifyOrder).toHaveBeenCalledOnce();
    expect(broker.cancelAllOrders).toHaveBeenCalledOnce();
  });

  it('sends no write once the lease is lost, and says so without ambiguity', async () => {
    const broker = fakeBroker();
    let valid = true;
    const fenced = fenceBrokerWrites(broker, () => valid);
    valid = false;
    for (const result of [
      await fenced.placeOrder(command),
      await fenced.modifyOrder('B1', {}),
      await fenced.cancelOrder('B1'),
      await fenced.cancelAllOrders(),
    ]) {
      expect(result).toEqual({ ok: false, error: LEASE_LOST_FAILURE });
    }
    expect(LEASE_LOST_FAILURE.kind).not.toBe('AMBIGUOUS');
    expect(broker.placeOrder).not.toHaveBeenCalled();
    expect(broker.modifyOrder).not.toHaveBeenCalled();
    expect(broker.cancelOrder).not.toHaveBeenCalled();
    expect(broker.cancelAllOrders).not.toHaveBeenCalled();
  });

  it('keeps reads working after the lease is lost', async () => {
    const broker = fakeBroker();
    const fenced = fenceBrokerWrites(broker, () => false);
    expect(await fenced.getOrders()).toEqual({ ok: true, value: [] });
  });
});
