import { describe, expect, it } from 'vitest';
import type { TradingMode } from '../control/trading-mode';
import { createScriptedBroker } from '../../test/support/scripted-broker';
import { createOrderVenues, singleVenue } from './order-venues';

describe('order venues', () => {
  it('trades PAPER on the paper broker and LIVE on Kite when both exist', () => {
    const kite = createScriptedBroker();
    const paper = createScriptedBroker();
    let mode: TradingMode = 'PAPER';
    const venues = createOrderVenues({ kite, paper, mode: () => mode });
    expect(venues.current()).toBe('PAPER');
    expect(venues.broker('PAPER')).toBe(paper);
    mode = 'LIVE';
    expect(venues.current()).toBe('KITE');
    expect(venues.broker('KITE')).toBe(kite);
    expect(venues.inUse().map((v) => v.venue)).toEqual(['KITE', 'PAPER']);
    expect(venues.outlivesProcess('KITE')).toBe(true);
    expect(venues.outlivesProcess('PAPER')).toBe(false);
  });

  it('sends everything to a simulator, which is paper by nature', () => {
    const sim = createScriptedBroker();
    const venues = singleVenue(sim);
    expect(venues.current()).toBe('KITE');
    expect(venues.inUse()).toEqual([{ venue: 'KITE', broker: sim }]);
    expect(() => venues.broker('PAPER')).toThrow(/no paper broker/);
  });
});
