import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createRiskBook } from './risk-book';

describe('createRiskBook', () => {
  it('counts an approved bracket as heat before it fills, then by its open quantity', () => {
    const book = createRiskBook();
    book.track('g1', 1, 'BUY', paise(200), 100);
    expect(book.snapshot()).toMatchObject({ openPositions: 1, openRisk: 20_000 });
    book.applyFill('g1', 'BUY', 40, paise(10_000));
    book.stopEntering('g1');
    expect(book.snapshot()).toMatchObject({ openPositions: 1, openRisk: 8_000 });
  });

  it('releases a reservation never sent, but never a bracket with a fill', () => {
    const book = createRiskBook();
    book.track('reserved', 1, 'BUY', paise(200), 100);
    book.track('filled', 2, 'BUY', paise(100), 10);
    book.applyFill('filled', 'BUY', 10, paise(5_000));
    book.release('reserved');
    book.release('filled');
    book.release('unknown');
    expect(book.positionOf('reserved')).toBeUndefined();
    expect(book.snapshot()).toMatchObject({ openPositions: 1, openRisk: 1_000 });
  });

  it('realises P&L when the position closes and marks the open part to the last price', () => {
    const book = createRiskBook();
    book.track('g1', 1, 'BUY', paise(200), 100);
    book.applyFill('g1', 'BUY', 100, paise(10_000));
    book.stopEntering('g1');
    book.mark(1, paise(10_100));
    expect(book.snapshot().unrealisedPnlToday).toBe(10_000);
    book.applyFill('g1', 'SELL', 50, paise(10_300));
    expect(book.snapshot()).toMatchObject({ realisedPnlToday: 15_000, unrealisedPnlToday: 5_000 });
    book.applyFill('g1', 'SELL', 50, paise(9_800));
    expect(book.snapshot()).toMatchObject({
      openPositions: 0,
      openRisk: 0,
      realisedPnlToday: 5_000,
      unrealisedPnlToday: 0,
    });
  });

  it('a short loses when the price rises', () => {
    const book = createRiskBook();
    book.track('g1', 1, 'SELL', paise(100), 10);
    book.applyFill('g1', 'SELL', 10, paise(5_000));
    book.mark(1, paise(5_050));
    expect(book.snapshot().unrealisedPnlToday).toBe(-500);
  });

  it('starts a new day from zero but keeps what is still open', () => {
    const book = createRiskBook();
    book.track('g1', 1, 'BUY', paise(100), 10);
    book.applyFill('g1', 'BUY', 10, paise(5_000));
    book.applyFill('g1', 'SELL', 10, paise(5_100));
    book.track('g2', 2, 'BUY', paise(100), 10);
    book.applyFill('g2', 'BUY', 10, paise(5_000));
    book.stopEntering('g1');
    book.stopEntering('g2');
    book.resetDay();
    expect(book.snapshot()).toMatchObject({ openPositions: 1, realisedPnlToday: 0 });
    expect(book.positionOf('g1')).toBeUndefined();
  });

  it('after a restart, takes up a bracket from its stored fills and the day’s closed P&L', () => {
    const book = createRiskBook();
    const dayStart = 1_000;
    book.restoreGroup(
      'g1',
      { token: 1, side: 'BUY', stopDistance: paise(200), plannedQuantity: 0 },
      [
        { side: 'BUY', quantity: 100, price: paise(10_000), at: dayStart + 10 },
        { side: 'SELL', quantity: 40, price: paise(10_100), at: dayStart + 20 },
      ],
      dayStart,
    );
    book.addRealisedToday(paise(-25_000));
    expect(book.snapshot()).toMatchObject({
      openPositions: 1,
      openRisk: 12_000,
      realisedPnlToday: 4_000 - 25_000,
      unrealisedPnlToday: 0,
    });
    book.mark(1, paise(9_900));
    expect(book.snapshot().unrealisedPnlToday).toBe(-6_000);
    // Fills heard after the restart go on from the restored position.
    book.applyFill('g1', 'SELL', 60, paise(9_900));
    expect(book.snapshot()).toMatchObject({
      openPositions: 0,
      realisedPnlToday: 4_000 - 25_000 - 6_000,
    });
  });

  it('after a restart, counts a still-entering bracket’s plan as heat and yesterday’s fills as not today’s', () => {
    const book = createRiskBook();
    book.restoreGroup(
      'g1',
      { token: 1, side: 'SELL', stopDistance: paise(100), plannedQuantity: 50 },
      [
        { side: 'SELL', quantity: 20, price: paise(5_000), at: 5 },
        // Before the day began: realised then, not today.
        { side: 'BUY', quantity: 5, price: paise(4_900), at: 10 },
        { side: 'BUY', quantity: 5, price: paise(4_800), at: 20 },
      ],
      15,
    );
    expect(book.snapshot()).toMatchObject({
      openPositions: 1,
      openRisk: 5_000,
      realisedPnlToday: 1_000,
    });
    expect(book.positionOf('g1')?.netQuantity).toBe(-10);
  });
});
