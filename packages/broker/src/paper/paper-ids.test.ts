import { describe, expect, it } from 'vitest';
import { createPaperIds, paperIdPrefix } from './paper-ids';
import { paise } from '@kavach/domain';
import { AT_10_00, createPaperHarness, expectOk, orderOf } from './paper.fixtures';

describe('paper order ids', () => {
  it('are namespaced by run, so they never name a Kite order or an earlier run', async () => {
    const first = await createPaperHarness();
    const second = await createPaperHarness({ idPrefix: paperIdPrefix(AT_10_00 + 60_000) });
    const a = expectOk(await first.broker.placeOrder(orderOf())).brokerOrderId;
    const b = expectOk(await second.broker.placeOrder(orderOf())).brokerOrderId;
    expect(a).toMatch(/^P[a-z0-9]+-\d{15}$/);
    expect(a).not.toBe(b);
    expect(a.slice(a.indexOf('-'))).toBe(b.slice(b.indexOf('-')));
    expect(expectOk(await first.broker.getOrders()).map((o) => o.brokerOrderId)).toEqual([a]);
  });

  it("refuses an id it never gave out, even the simulator's own, like Kite does", async () => {
    const { broker } = await createPaperHarness();
    const placed = expectOk(await broker.placeOrder(orderOf({ price: paise(1490_00) })));
    const bare = placed.brokerOrderId.slice(placed.brokerOrderId.indexOf('-') + 1);
    expect(await broker.cancelOrder(bare)).toMatchObject({
      ok: false,
      error: { kind: 'NON_RETRYABLE', message: "Couldn't find that `order_id`." },
    });
    expect(await broker.cancelOrder(placed.brokerOrderId)).toMatchObject({ ok: true });
  });

  it('needs a prefix that cannot be mistaken for a Kite id', () => {
    expect(() => createPaperIds('123')).toThrow(RangeError);
    const ids = createPaperIds('Pabc-');
    expect(ids.inward(ids.outward('251121000000001'))).toBe('251121000000001');
    expect(ids.inward('251121000000001')).toBeNull();
  });
});
