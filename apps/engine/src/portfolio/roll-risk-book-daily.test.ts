import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createRiskBook } from './risk-book';
import { rollRiskBookDaily } from './roll-risk-book-daily';

describe('rollRiskBookDaily', () => {
  it("starts a new IST day's realised P&L from zero, keeping what is still open", () => {
    let today = '2026-11-23';
    const book = rollRiskBookDaily(createRiskBook(), () => today);
    book.track('closed', 1, 'BUY', paise(200), 100);
    book.applyFill('closed', 'BUY', 100, paise(10_000));
    book.stopEntering('closed');
    book.applyFill('closed', 'SELL', 100, paise(9_500));
    book.track('open', 2, 'BUY', paise(100), 10);
    book.applyFill('open', 'BUY', 10, paise(5_000));
    book.stopEntering('open');
    expect(book.snapshot()).toMatchObject({ realisedPnlToday: -50_000, openPositions: 1 });

    // Same day: nothing forgotten.
    expect(book.snapshot().realisedPnlToday).toBe(-50_000);

    today = '2026-11-24';
    expect(book.snapshot()).toMatchObject({
      realisedPnlToday: 0,
      openPositions: 1,
      openRisk: 1_000,
    });
  });
});
