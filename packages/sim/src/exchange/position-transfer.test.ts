import { applyPositionFill, FLAT_POSITION, mulPaise, paise, subPaise } from '@kavach/domain';
import type { NetPosition, Paise, PositionFill } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiveOpenLot, takeOpenLot } from './position-transfer';

function fold(fills: readonly PositionFill[]): NetPosition {
  return fills.reduce(applyPositionFill, FLAT_POSITION);
}

/** What a position is worth at a mark: booked value plus the open units at the mark. */
function worthAt(position: NetPosition, mark: Paise): Paise {
  return paise(
    subPaise(position.sellValue, position.buyValue) + mulPaise(mark, position.netQuantity),
  );
}

const fillArbitrary = fc.record({
  side: fc.constantFrom('BUY' as const, 'SELL' as const),
  price: fc.integer({ min: 1, max: 5_000_00 }).map(paise),
  quantity: fc.integer({ min: 1, max: 500 }),
});

describe('moving open units between positions', () => {
  it('takes units with their share of the cost and keeps the realised P&L behind', () => {
    // Bought 5 @ 100 and 5 @ 110, sold 4 @ 120: 6 open costing 630, 60 realised.
    const source = fold([
      { side: 'BUY', price: paise(100_00), quantity: 5 },
      { side: 'BUY', price: paise(110_00), quantity: 5 },
      { side: 'SELL', price: paise(120_00), quantity: 4 },
    ]);
    const { position, lot } = takeOpenLot(source, 6);
    expect(lot).toEqual({ side: 'BUY', quantity: 6, cost: paise(630_00) });
    expect(position).toMatchObject({
      netQuantity: 0,
      openCost: 0,
      buyQuantity: 4,
      buyValue: paise(420_00),
      sellQuantity: 4,
      sellValue: paise(480_00),
      realisedPnl: paise(60_00),
    });
    expect(receiveOpenLot(FLAT_POSITION, lot)).toMatchObject({
      netQuantity: 6,
      openCost: paise(630_00),
      averagePrice: paise(105_00),
      buyQuantity: 6,
      buyValue: paise(630_00),
    });
  });

  it('closes an opposite position first, realising against both costs', () => {
    const short = fold([{ side: 'SELL', price: paise(110_00), quantity: 3 }]);
    const received = receiveOpenLot(short, { side: 'BUY', quantity: 5, cost: paise(500_00) });
    expect(received).toMatchObject({
      netQuantity: 2,
      openCost: paise(200_00),
      realisedPnl: paise(30_00),
    });
  });

  it('refuses to take more than is open', () => {
    const long = fold([{ side: 'BUY', price: paise(100_00), quantity: 3 }]);
    expect(() => takeOpenLot(long, 4)).toThrow(RangeError);
    expect(() => takeOpenLot(FLAT_POSITION, 1)).toThrow(RangeError);
  });

  it('creates and loses no paisa: quantities, values and worth at any mark add up', () => {
    fc.assert(
      fc.property(
        fc.array(fillArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(fillArbitrary, { maxLength: 4 }),
        fc.integer({ min: 1, max: 1_000 }),
        fc.integer({ min: 1, max: 5_000_00 }).map(paise),
        (sourceFills, targetFills, share, mark) => {
          const source = fold(sourceFills);
          const target = fold(targetFills);
          const open = Math.abs(source.netQuantity);
          fc.pre(open > 0);
          const quantity = 1 + (share % open);
          const taken = takeOpenLot(source, quantity);
          const received = receiveOpenLot(target, taken.lot);
          const after = [taken.position, received];
          const sum = (pick: (p: NetPosition) => number, list: readonly NetPosition[]): number =>
            list.reduce((total, p) => total + pick(p), 0);
          const before = [source, target];
          expect(sum((p) => p.netQuantity, after)).toBe(sum((p) => p.netQuantity, before));
          expect(sum((p) => p.buyValue - p.sellValue, after)).toBe(
            sum((p) => p.buyValue - p.sellValue, before),
          );
          expect(sum((p) => worthAt(p, mark), after)).toBe(sum((p) => worthAt(p, mark), before));
          // The source keeps its side and its realised P&L.
          expect(taken.position.realisedPnl).toBe(source.realisedPnl);
          expect(Math.abs(taken.position.netQuantity)).toBe(open - quantity);
          for (const p of after) {
            expect(p.buyQuantity - p.sellQuantity).toBe(p.netQuantity);
            // The domain's identity: booked value = realised − the open units' cost (long) or
            // + what they brought in (short); flat, the open cost is zero.
            const sign = Math.sign(p.netQuantity);
            expect(p.sellValue - p.buyValue).toBe(p.realisedPnl - sign * p.openCost);
            if (p.netQuantity === 0) expect(p.openCost).toBe(0);
          }
        },
      ),
    );
  });
});
