import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { ORDER_SIDES } from '../order/order-status';
import type { OrderSide } from '../order/order-status';
import { computeRealisedPnl } from './pnl';
import {
  applyPositionFill,
  FLAT_POSITION,
  foldPositionFills,
  markPositionToMarket,
} from './position';
import type { PositionFill } from './position';

function fill(side: OrderSide, quantity: number, price: number): PositionFill {
  return { side, quantity, price: paise(price) };
}

const fillArb: fc.Arbitrary<PositionFill> = fc.record({
  side: fc.constantFrom(...ORDER_SIDES),
  price: fc.integer({ min: 1, max: 1_000_000 }).map(paise),
  quantity: fc.integer({ min: 1, max: 1_000 }),
});
const fillsArb = fc.array(fillArb, { maxLength: 40 });

describe('foldPositionFills', () => {
  it('realises a simple long round trip', () => {
    const p = foldPositionFills([fill('BUY', 10, 100_00), fill('SELL', 10, 110_00)]);
    expect(p).toEqual({
      netQuantity: 0,
      openCost: 0,
      averagePrice: 0,
      realisedPnl: 100_00,
      buyQuantity: 10,
      buyValue: 1_000_00,
      sellQuantity: 10,
      sellValue: 1_100_00,
    });
  });

  it('keeps the exact cost, so a flat position realises the exact cash difference', () => {
    // Rounded average ₹100.01 × 3 would say 3 paise; the cash says 4.
    const p = foldPositionFills([fill('BUY', 1, 100_00), fill('BUY', 2, 100_01)]);
    expect(p).toMatchObject({ netQuantity: 3, openCost: 300_02, averagePrice: 100_01 });
    expect(applyPositionFill(p, fill('SELL', 3, 100_02)).realisedPnl).toBe(4);
  });

  it('releases cost pro rata on a partial close and the remainder on the last', () => {
    const open = foldPositionFills([fill('BUY', 2, 100_00), fill('BUY', 1, 100_01)]);
    const partly = applyPositionFill(open, fill('SELL', 1, 100_00));
    // 30001 × 1/3 = 10000.33 → 10000 released; 20001 stays for 2 units.
    expect(partly).toMatchObject({ netQuantity: 2, openCost: 200_01, realisedPnl: 0 });
    expect(partly.averagePrice).toBe(100_01);
    const flat = applyPositionFill(partly, fill('SELL', 2, 100_00));
    expect(flat).toMatchObject({ netQuantity: 0, openCost: 0, realisedPnl: -1 });
  });

  it('flips through zero as a close plus a fresh open at the fill price', () => {
    const flipped = foldPositionFills([fill('BUY', 3, 100_00), fill('SELL', 5, 110_00)]);
    expect(flipped).toMatchObject({
      netQuantity: -2,
      openCost: 220_00,
      averagePrice: 110_00,
      realisedPnl: 30_00,
    });
    const back = applyPositionFill(flipped, fill('BUY', 6, 105_00));
    expect(back).toMatchObject({
      netQuantity: 4,
      openCost: 420_00,
      averagePrice: 105_00,
      realisedPnl: 40_00,
    });
  });

  it('profits on a short covered lower', () => {
    const p = foldPositionFills([fill('SELL', 5, 200_00), fill('BUY', 2, 190_00)]);
    expect(p).toMatchObject({
      netQuantity: -3,
      openCost: 600_00,
      averagePrice: 200_00,
      realisedPnl: 20_00,
    });
  });

  it('continues from a given position', () => {
    const start = foldPositionFills([fill('BUY', 1, 50_00)]);
    expect(foldPositionFills([fill('BUY', 1, 52_00)], start)).toMatchObject({
      netQuantity: 2,
      averagePrice: 51_00,
    });
  });

  it.each([
    ['zero quantity', fill('BUY', 0, 100)],
    ['fractional quantity', fill('BUY', 1.5, 100)],
    ['zero price', { side: 'BUY', quantity: 1, price: 0 as Paise } as const],
    ['fractional price', { side: 'SELL', quantity: 1, price: 1.5 as Paise } as const],
  ])('refuses a fill with %s', (_name, bad) => {
    expect(() => applyPositionFill(FLAT_POSITION, bad)).toThrow(RangeError);
  });

  it('matches computeRealisedPnl for a single-price round trip', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 10_000 }),
        (side, entry, exit, qty) => {
          const other = side === 'BUY' ? 'SELL' : 'BUY';
          const p = foldPositionFills([fill(side, qty, entry), fill(other, qty, exit)]);
          expect(p.realisedPnl).toBe(computeRealisedPnl(side, paise(entry), paise(exit), qty));
        },
      ),
    );
  });

  it('conserves money: realised + open P&L = cash flow + net × mark, at any mark', () => {
    fc.assert(
      fc.property(fillsArb, fc.integer({ min: 1, max: 1_000_000 }), (fills, mark) => {
        const p = foldPositionFills(fills);
        expect(p.netQuantity).toBe(p.buyQuantity - p.sellQuantity);
        expect(p.realisedPnl + markPositionToMarket(p, paise(mark))).toBe(
          p.sellValue - p.buyValue + p.netQuantity * mark,
        );
      }),
    );
  });

  it('leaves nothing behind when flat and keeps a sane cost when not', () => {
    fc.assert(
      fc.property(fillsArb, (fills) => {
        const p = foldPositionFills(fills);
        expect(p.openCost).toBeGreaterThanOrEqual(0);
        if (p.netQuantity === 0) {
          expect(p).toMatchObject({ openCost: 0, averagePrice: 0 });
          expect(p.realisedPnl).toBe(p.sellValue - p.buyValue);
        } else {
          const n = Math.abs(p.netQuantity);
          // The shown average is the open cost per unit, to the nearest paisa.
          expect(Math.abs(p.averagePrice * n - p.openCost)).toBeLessThanOrEqual(n / 2);
          const prices = fills.map((f) => f.price);
          expect(p.averagePrice).toBeGreaterThanOrEqual(Math.min(...prices) - 1);
          expect(p.averagePrice).toBeLessThanOrEqual(Math.max(...prices) + 1);
        }
      }),
    );
  });

  it('averages adds in any order to the same position', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_SIDES),
        fc.array(
          fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000 })),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (side, legs) => {
          const fills = legs.map(([price, qty]) => fill(side, qty, price));
          const forward = foldPositionFills(fills);
          expect(foldPositionFills([...fills].reverse())).toEqual(forward);
          const prices = legs.map(([price]) => price);
          expect(forward.averagePrice).toBeGreaterThanOrEqual(Math.min(...prices));
          expect(forward.averagePrice).toBeLessThanOrEqual(Math.max(...prices));
        },
      ),
    );
  });

  it('opens the far side of a flip at the flipping fill price', () => {
    fc.assert(
      fc.property(fillsArb, fillArb, (fills, last) => {
        const before = foldPositionFills(fills);
        const after = applyPositionFill(before, last);
        const direction = last.side === 'BUY' ? 1 : -1;
        if (before.netQuantity * direction < 0 && last.quantity > Math.abs(before.netQuantity)) {
          expect(Math.sign(after.netQuantity)).toBe(direction);
          expect(after.averagePrice).toBe(last.price);
          expect(after.openCost).toBe(last.price * Math.abs(after.netQuantity));
        }
      }),
    );
  });
});

describe('markPositionToMarket', () => {
  it('values longs, shorts and flats', () => {
    const long = foldPositionFills([fill('BUY', 10, 100_00)]);
    const short = foldPositionFills([fill('SELL', 10, 100_00)]);
    expect(markPositionToMarket(long, paise(99_00))).toBe(-10_00);
    expect(markPositionToMarket(short, paise(99_00))).toBe(10_00);
    expect(markPositionToMarket(FLAT_POSITION, paise(99_00))).toBe(0);
  });
});
