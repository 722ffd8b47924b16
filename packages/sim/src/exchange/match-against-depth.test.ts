import { paise } from '@kavach/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DepthLevel } from '../market/market-view';
import { matchAgainstDepth } from './match-against-depth';
import type { DepthMatchInput } from './match-against-depth';
import { computeProtectionPrice, resolveProtectionPercent } from './protection-price';
import { DEFAULT_EXCHANGE_CONFIG } from './exchange-config';

const level = (price: number, quantity: number): DepthLevel => ({
  price: paise(price),
  quantity,
  orders: 1,
});

function input(overrides: Partial<DepthMatchInput>): DepthMatchInput {
  return {
    side: 'BUY',
    quantity: 10,
    limit: paise(100_00),
    levels: [],
    taken: () => 0,
    priceAt: 'level',
    lowerCircuit: paise(1),
    upperCircuit: paise(1_000_00),
    ...overrides,
  };
}

describe('matchAgainstDepth', () => {
  it('walks the best levels first whatever order they come in', () => {
    const fills = matchAgainstDepth(
      input({ levels: [level(100_00, 5), level(99_90, 3), level(99_95, 1)], quantity: 6 }),
    );
    expect(fills.map((f) => [f.price, f.quantity])).toEqual([
      [99_90, 3],
      [99_95, 1],
      [100_00, 2],
    ]);
  });

  it('skips what earlier fills took, empty levels and levels beyond the circuit', () => {
    const fills = matchAgainstDepth(
      input({
        levels: [level(99_00, 5), level(99_50, 0), level(99_80, 4)],
        taken: (price) => (price === 99_00 ? 5 : 0),
        upperCircuit: paise(99_70),
      }),
    );
    expect(fills).toEqual([]);
  });

  it('fills a resting order at its own limit', () => {
    const fills = matchAgainstDepth(input({ priceAt: 'limit', levels: [level(98_00, 4)] }));
    expect(fills).toEqual([{ price: 100_00, quantity: 4, levelPrice: 98_00 }]);
  });

  it('never fills a resting limit that lies outside the band', () => {
    const fills = matchAgainstDepth(
      input({ priceAt: 'limit', levels: [level(98_00, 4)], upperCircuit: paise(99_00) }),
    );
    expect(fills).toEqual([]);
  });

  it('never fills a BUY above or a SELL below the limit, nor more than asked', () => {
    const levelArb = fc.record({
      price: fc.integer({ min: 1, max: 20_000 }).map(paise),
      quantity: fc.integer({ min: 0, max: 50 }),
      orders: fc.constant(1),
    });
    fc.assert(
      fc.property(
        fc.constantFrom('BUY' as const, 'SELL' as const),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(levelArb, { maxLength: 5 }),
        fc.constantFrom('level' as const, 'limit' as const),
        (side, limit, quantity, levels, priceAt) => {
          const fills = matchAgainstDepth(
            input({ side, limit: paise(limit), quantity, levels, priceAt }),
          );
          for (const fill of fills) {
            expect(side === 'BUY' ? fill.price <= limit : fill.price >= limit).toBe(true);
          }
          expect(fills.reduce((sum, f) => sum + f.quantity, 0)).toBeLessThanOrEqual(quantity);
        },
      ),
    );
  });
});

describe('market protection', () => {
  const base = {
    lastPrice: paise(156_69),
    percent: 2,
    tickSize: paise(1),
    lowerCircuit: paise(100_00),
    upperCircuit: paise(200_00),
  };

  it('moves the last price by the percentage, rounded toward the trader', () => {
    // Kite's sample: mktp:2.00 on an LTP near 156.69 stored as LIMIT 159.82.
    expect(computeProtectionPrice({ ...base, side: 'BUY' })).toBe(159_82);
    expect(computeProtectionPrice({ ...base, side: 'SELL', tickSize: paise(5) })).toBe(153_60);
  });

  it('stays inside the circuit band', () => {
    const capped = { ...base, upperCircuit: paise(158_00), lowerCircuit: paise(155_50) };
    expect(computeProtectionPrice({ ...capped, side: 'BUY' })).toBe(158_00);
    expect(computeProtectionPrice({ ...capped, side: 'SELL' })).toBe(155_50);
  });

  it('picks the automatic percentage by price band', () => {
    const bands = DEFAULT_EXCHANGE_CONFIG.autoProtection;
    const at = (rupees: number): number => resolveProtectionPercent(-1, paise(rupees * 100), bands);
    expect([at(50), at(250), at(2500)]).toEqual([2, 1, 0.5]);
    expect(resolveProtectionPercent(3, paise(100_00), bands)).toBe(3);
  });
});
