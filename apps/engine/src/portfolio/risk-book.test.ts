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
});
