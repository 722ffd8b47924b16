import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS, makeQuote } from '../../test/fake-market';
import {
  DEPTH_LEVEL_KEYS,
  keysOf,
  LTP_KEYS,
  OHLC_BLOCK_KEYS,
  OHLC_KEYS,
  QUOTE_KEYS,
} from '../../test/fixtures/sample-keys';
import { toKiteLtp, toKiteOhlc, toKiteQuote } from './quote-payloads';

const AT = Date.parse('2026-11-23T04:30:05Z');

describe('quote payloads', () => {
  it('give /quote exactly the sample’s fields, in rupees and IST strings', () => {
    const quote = makeQuote(FAKE_INSTRUMENTS.infy, 157_370, AT);
    const payload = toKiteQuote(quote);
    expect(keysOf(payload)).toEqual(QUOTE_KEYS);
    expect(keysOf(payload.ohlc)).toEqual(OHLC_BLOCK_KEYS);
    expect(keysOf(payload.depth.buy[0])).toEqual(DEPTH_LEVEL_KEYS);
    expect(payload).toMatchObject({
      instrument_token: 408_065,
      timestamp: '2026-11-23 10:00:05',
      last_trade_time: '2026-11-23 10:00:04',
      last_price: 1573.7,
      net_change: 0.5,
      lower_circuit_limit: quote.lowerCircuit / 100,
    });
  });

  it('zero-fills the depth of an index and has no trade time for it', () => {
    const payload = toKiteQuote(makeQuote(FAKE_INSTRUMENTS.nifty, 2_451_230, AT));
    expect(payload.depth.buy).toEqual(Array(5).fill({ price: 0, quantity: 0, orders: 0 }));
    expect(payload.last_trade_time).toBeNull();
  });

  it('give /quote/ohlc and /quote/ltp only their fields', () => {
    const quote = makeQuote(FAKE_INSTRUMENTS.infy, 157_370, AT);
    expect(keysOf(toKiteOhlc(quote))).toEqual(OHLC_KEYS);
    expect(toKiteLtp(quote)).toEqual({ instrument_token: 408_065, last_price: 1573.7 });
    expect(keysOf(toKiteLtp(quote))).toEqual(LTP_KEYS);
  });
});
