import { describe, expect, it } from 'vitest';
import { buildInstrumentIndex, parseSymbolKey } from './instrument-index';
import { INFY, NIFTY_FUT, NIFTY_INDEX } from './instruments.fixtures';

describe('buildInstrumentIndex', () => {
  const index = buildInstrumentIndex([
    { id: 'a', instrument: INFY },
    { id: 'b', instrument: NIFTY_INDEX },
    { id: 'c', instrument: NIFTY_FUT },
  ]);

  it('finds by token and by exchange (any case) and exact symbol', () => {
    expect(index.byToken(INFY.token)).toEqual({ id: 'a', instrument: INFY });
    expect(index.bySymbol('nse', 'NIFTY 50')?.id).toBe('b');
    expect(index.bySymbol('NFO', 'NIFTY26NOVFUT')?.id).toBe('c');
    expect(index.bySymbol('NSE', 'infy')).toBeUndefined();
    expect(index.bySymbol('NFO', 'INFY')).toBeUndefined();
    expect(index.byToken(1)).toBeUndefined();
    expect(index.all()).toEqual([INFY, NIFTY_INDEX, NIFTY_FUT]);
  });
});

describe('parseSymbolKey', () => {
  it('splits at the first colon', () => {
    expect(parseSymbolKey('NSE:M&M')).toEqual({ exchange: 'NSE', tradingSymbol: 'M&M' });
    expect(parseSymbolKey('NSE:A:B')).toEqual({ exchange: 'NSE', tradingSymbol: 'A:B' });
  });

  it.each(['INFY', ':INFY', 'NSE:', ''])('refuses %j', (key) => {
    expect(parseSymbolKey(key)).toBeNull();
  });
});
