import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createGttBook } from './gtt-book';
import type { PlaceGttOrder } from './gtt-book';
import type { GttDraft, GttOrderSpec } from './gtt-types';

const TOKEN = 408_065;
const leg = (side: 'BUY' | 'SELL', price: number): GttOrderSpec => ({
  exchange: 'NSE',
  tradingsymbol: 'INFY',
  transactionType: side,
  orderType: 'LIMIT',
  product: 'CNC',
  quantity: 1,
  price: paise(price),
});

function draft(type: 'single' | 'two-leg', triggers: number[], lastPrice: number): GttDraft {
  return {
    type,
    condition: {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      instrumentToken: TOKEN,
      triggerValues: triggers.map(paise),
      lastPrice: paise(lastPrice),
    },
    orders:
      type === 'single'
        ? [leg('BUY', triggers[0]!)]
        : [leg('SELL', triggers[0]!), leg('SELL', triggers[1]!)],
  };
}

function harness() {
  const book = createGttBook();
  const placed: { spec: GttOrderSpec; gttId: number }[] = [];
  const place: PlaceGttOrder = (spec, gttId) => {
    placed.push({ spec, gttId });
    return { orderId: `order-${placed.length}` };
  };
  let price: Paise = paise(150_000);
  const run = (to: number, now = 1_000) => {
    price = paise(to);
    return book.evaluate([TOKEN], () => price, place, now);
  };
  return { book, placed, run };
}

describe('GTT book', () => {
  it('fires a single trigger when the price reaches it from the side it was set on', () => {
    const { book, placed, run } = harness();
    const below = book.create(draft('single', [140_000], 150_000), 0);
    const above = book.create(draft('single', [160_000], 150_000), 0);
    expect(run(145_000)).toEqual([]);
    expect(run(140_000)).toEqual([below.id]);
    expect(run(160_000)).toEqual([above.id]);
    expect(placed.map((p) => p.gttId)).toEqual([below.id, above.id]);
    expect(book.get(below.id)).toMatchObject({
      status: 'triggered',
      results: [{ orderId: 'order-1', triggeredAt: 140_000, rejectionReason: null }],
    });
    expect(run(100_000)).toEqual([]);
  });

  it('fires the lower leg or the upper leg of a two-leg trigger, once', () => {
    const { book, placed, run } = harness();
    const oco = book.create(draft('two-leg', [140_000, 160_000], 150_000), 0);
    expect(run(159_990)).toEqual([]);
    expect(run(160_500)).toEqual([oco.id]);
    expect(placed[0]?.spec.price).toBe(160_000);
    expect(book.get(oco.id)?.results[0]).toBeNull();
    expect(run(130_000)).toEqual([]);
  });

  it('records a refused order as a failed result', () => {
    const book = createGttBook();
    const record = book.create(draft('single', [140_000], 150_000), 0);
    book.evaluate(
      [TOKEN],
      () => paise(139_000),
      () => ({ rejection: 'Markets are closed' }),
      5,
    );
    expect(book.get(record.id)?.results[0]).toEqual({
      timestamp: 5,
      triggeredAt: 139_000,
      orderId: null,
      rejectionReason: 'Markets are closed',
    });
  });

  it('modifies and deletes only active triggers, and expires them after a year', () => {
    const { book, run } = harness();
    const a = book.create(draft('single', [140_000], 150_000), 0);
    expect(
      book.modify(a.id, draft('single', [130_000], 150_000), 10)?.condition.triggerValues,
    ).toEqual([130_000]);
    expect(book.remove(a.id, 20)?.status).toBe('deleted');
    expect(book.list()).toEqual([]);
    expect(book.modify(a.id, draft('single', [130_000], 150_000), 30)).toBeNull();
    const b = book.create(draft('single', [140_000], 150_000), 0);
    expect(run(100_000, 366 * 86_400_000)).toEqual([]);
    expect(book.get(b.id)?.status).toBe('expired');
  });

  it('goes on from its snapshot: the same triggers, and ids after the saved ones', () => {
    const book = createGttBook();
    const first = book.create(draft('single', [140_000], 150_000), 0);
    const gone = book.create(draft('single', [160_000], 150_000), 0);
    book.remove(gone.id, 1);
    const saved = JSON.parse(JSON.stringify(book.snapshot())) as ReturnType<typeof book.snapshot>;
    const restored = createGttBook(saved);
    expect(restored.list()).toEqual(book.list());
    expect(restored.get(gone.id)?.status).toBe('deleted');
    expect(restored.create(draft('single', [130_000], 150_000), 2).id).toBe(gone.id + 1);
    const fired = restored.evaluate(
      [TOKEN],
      () => paise(139_000),
      () => ({ orderId: 'X1' }),
      3,
    );
    expect(fired).toEqual([first.id]);
  });
});
