import { paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBook, DEPTH_LEVELS } from './depth';
import type { DepthInputs } from './depth';

const inputs = fc.record({
  seed: fc.integer(),
  tick: fc.constantFrom(1, 5),
  kind: fc.constantFrom('STOCK' as const, 'FUTURE' as const, 'OPTION' as const),
  ticksOfLast: fc.integer({ min: 1, max: 600_000 }),
  lotSize: fc.constantFrom(1, 30, 65),
  liquidity: fc.double({ min: 0, max: 1, noNaN: true }),
  bandTicks: fc.integer({ min: 0, max: 20 }),
});

describe('buildBook', () => {
  it('is on the tick grid, sorted best first, uncrossed, within the band, in whole lots', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        const last = paise(x.ticksOfLast * x.tick);
        const lot = x.kind === 'STOCK' ? 1 : x.lotSize;
        const band = x.bandTicks * x.tick;
        const lower = paise(Math.max(x.tick, last - band - 3 * x.tick));
        const upper = paise(last + band + 3 * x.tick);
        const book = buildBook({
          seed: x.seed,
          last,
          tick: paise(x.tick),
          lotSize: lot,
          kind: x.kind,
          liquidity: x.liquidity,
          lowerCircuit: lower,
          upperCircuit: upper,
        } satisfies DepthInputs);
        for (const side of [book.buy, book.sell]) {
          expect(side.length).toBeLessThanOrEqual(DEPTH_LEVELS);
          for (const level of side) {
            expect(level.price % x.tick).toBe(0);
            expect(level.price).toBeGreaterThanOrEqual(lower);
            expect(level.price).toBeLessThanOrEqual(upper);
            expect(level.quantity % lot).toBe(0);
            expect(level.quantity).toBeGreaterThan(0);
            expect(level.orders).toBeGreaterThanOrEqual(1);
            expect(level.orders).toBeLessThanOrEqual(Math.max(1, level.quantity / lot));
          }
        }
        for (let i = 1; i < book.buy.length; i++) {
          expect(book.buy[i]!.price).toBeLessThan(book.buy[i - 1]!.price);
        }
        for (let i = 1; i < book.sell.length; i++) {
          expect(book.sell[i]!.price).toBeGreaterThan(book.sell[i - 1]!.price);
        }
        const bestBid = book.buy[0];
        const bestAsk = book.sell[0];
        if (bestBid !== undefined && bestAsk !== undefined) {
          expect(bestBid.price).toBeLessThan(bestAsk.price);
          expect(bestBid.price === last || bestAsk.price === last).toBe(true);
        }
        expect(book.buyQuantity % lot).toBe(0);
        expect(book.buyQuantity).toBeGreaterThanOrEqual(
          book.buy.reduce((sum, level) => sum + level.quantity, 0),
        );
      }),
    );
  });

  it('is a pure function of its inputs', () => {
    const args: DepthInputs = {
      seed: 7,
      last: paise(1_552_40),
      tick: paise(5),
      lotSize: 1,
      kind: 'STOCK',
      liquidity: 1,
      lowerCircuit: paise(1_397_20),
      upperCircuit: paise(1_707_60),
    };
    expect(buildBook(args)).toEqual(buildBook(args));
    expect(buildBook(args)).not.toEqual(buildBook({ ...args, seed: 8 }));
  });

  it('shows five levels each side for a liquid stock, and no bids under one tick', () => {
    const liquid = buildBook({
      seed: 1,
      last: paise(1_552_40),
      tick: paise(5),
      lotSize: 1,
      kind: 'STOCK',
      liquidity: 1,
      lowerCircuit: paise(1_397_20),
      upperCircuit: paise(1_707_60),
    });
    expect(liquid.buy).toHaveLength(5);
    expect(liquid.sell).toHaveLength(5);
    const cheap = buildBook({
      seed: 1,
      last: paise(5),
      tick: paise(5),
      lotSize: 65,
      kind: 'OPTION',
      liquidity: 0.1,
      lowerCircuit: paise(5),
      upperCircuit: paise(1_000_00),
    });
    expect(cheap.buy.map((l) => l.price)).toEqual([5]);
  });
});
