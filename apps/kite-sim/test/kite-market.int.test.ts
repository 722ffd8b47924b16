import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS } from './fake-market';
import {
  DEPTH_LEVEL_KEYS,
  INSTRUMENT_CSV_HEADER,
  keysOf,
  LTP_KEYS,
  OHLC_BLOCK_KEYS,
  OHLC_KEYS,
  QUOTE_KEYS,
} from './fixtures/sample-keys';
import { mintAccessToken, startKiteSim, TEST_API_KEY } from './start-kite-sim';
import type { RunningSim } from './start-kite-sim';

let running: RunningSim;
let kc: Connect;
let accessToken: string;

beforeAll(async () => {
  running = await startKiteSim();
  kc = new KiteConnect({
    api_key: TEST_API_KEY,
    root: running.root,
    access_token: (accessToken = await mintAccessToken(running.root)),
  });
});
afterAll(async () => {
  await running.stop();
});

/** Kite's dump ends in a line break, which the client's CSV parser turns into an empty row. */
function withoutBlankRows<T extends { tradingsymbol?: string }>(rows: T[]): T[] {
  return rows.filter((row) => row.tradingsymbol !== undefined && row.tradingsymbol !== '');
}

describe('instruments', () => {
  it('serves the dump as text/csv with Kite’s columns, parsed by the official client', async () => {
    const raw = await fetch(`${running.root}/instruments`);
    expect(raw.headers.get('content-type')).toBe('text/csv');
    expect((await raw.text()).split('\r\n')[0]).toBe(INSTRUMENT_CSV_HEADER);

    const all = withoutBlankRows(await kc.getInstruments());
    expect(all).toHaveLength(4);
    const option = all.find((i) => i.tradingsymbol === 'NIFTY26NOV24500CE');
    expect(option).toMatchObject({
      instrument_token: String(FAKE_INSTRUMENTS.niftyCe.token),
      exchange_token: String(FAKE_INSTRUMENTS.niftyCe.exchangeToken),
      name: 'NIFTY',
      strike: 24500,
      tick_size: 0.05,
      lot_size: 65,
      instrument_type: 'CE',
      segment: 'NFO-OPT',
      exchange: 'NFO',
    });
    expect(option?.expiry).toEqual(new Date('2026-11-24T00:00:00Z'));
    const index = all.find((i) => i.tradingsymbol === 'NIFTY 50');
    expect(index).toMatchObject({
      segment: 'INDICES',
      instrument_type: 'EQ',
      exchange: 'NSE',
      lot_size: 0,
    });
  });

  it('filters by exchange', async () => {
    const nfo = withoutBlankRows(await kc.getInstruments('NFO'));
    expect(nfo.map((i) => i.tradingsymbol).sort()).toEqual(['NIFTY26NOV24500CE', 'NIFTY26NOVFUT']);
    expect(withoutBlankRows(await kc.getInstruments('BSE'))).toEqual([]);
  });
});

describe('quotes', () => {
  const keys = ['NSE:INFY', 'NSE:NIFTY 50', 'NFO:NIFTY26NOV24500CE'];

  it('answers /quote keyed by the requested names with the sample’s fields', async () => {
    const quotes = await kc.getQuote([...keys, 'NSE:NOPE']);
    expect(Object.keys(quotes).sort()).toEqual([...keys].sort());
    for (const quote of Object.values(quotes)) {
      expect(keysOf(quote)).toEqual(QUOTE_KEYS);
      expect(keysOf(quote.ohlc)).toEqual(OHLC_BLOCK_KEYS);
      expect(quote.depth.buy).toHaveLength(5);
      expect(keysOf(quote.depth.sell[0])).toEqual(DEPTH_LEVEL_KEYS);
    }
    const infy = quotes['NSE:INFY']!;
    const served = running.market.quote(FAKE_INSTRUMENTS.infy.token)!;
    expect(infy).toMatchObject({
      instrument_token: served.token,
      last_price: served.lastPrice / 100,
      volume: served.volume,
      lower_circuit_limit: served.lowerCircuit / 100,
      upper_circuit_limit: served.upperCircuit / 100,
      ohlc: { open: served.open / 100, close: served.close / 100 },
    });
    // The client turns 19-character IST timestamps into Dates (TZ=Asia/Kolkata in tests).
    expect(infy.timestamp).toEqual(new Date(served.timestamp));
    expect(infy.depth.buy[0]).toEqual({
      price: served.depth.buy[0]!.price / 100,
      quantity: served.depth.buy[0]!.quantity,
      orders: served.depth.buy[0]!.orders,
    });
  });

  it('answers /quote/ohlc and /quote/ltp with exactly the samples’ fields', async () => {
    const ohlc = await kc.getOHLC(keys);
    const ltp = await kc.getLTP(keys);
    for (const key of keys) {
      expect(keysOf(ohlc[key])).toEqual(OHLC_KEYS);
      expect(keysOf(ltp[key])).toEqual(LTP_KEYS);
    }
    expect(ltp['NSE:NIFTY 50']).toEqual({ instrument_token: 256_265, last_price: 24512.3 });
  });

  it('accepts a single instrument as well as many', async () => {
    expect(Object.keys(await kc.getLTP('NSE:INFY'))).toEqual(['NSE:INFY']);
  });
});

describe('historical candles', () => {
  it('returns the session’s minute candles up to the simulator’s now', async () => {
    const candles = await kc.getHistoricalData(
      FAKE_INSTRUMENTS.infy.token,
      'minute',
      '2026-11-23 09:15:00',
      '2026-11-23 15:30:00',
    );
    // 09:15 to 10:00 inclusive: the clock reads 10:00 IST.
    expect(candles).toHaveLength(46);
    expect(keysOf(candles[0])).toEqual(['close', 'date', 'high', 'low', 'open', 'volume']);
    expect(candles[0]?.date).toEqual(new Date('2026-11-23T09:15:00+05:30'));
    expect(candles.at(-1)?.date).toEqual(new Date('2026-11-23T10:00:00+05:30'));
  });

  it('adds open interest when asked, and day candles are at IST midnight', async () => {
    const raw = await fetch(
      `${running.root}/instruments/historical/${FAKE_INSTRUMENTS.niftyFut.token}/day?from=2026-11-16&to=2026-11-20&oi=1`,
      { headers: { authorization: `token ${TEST_API_KEY}:${accessToken}` } },
    );
    const body = (await raw.json()) as { data: { candles: unknown[][] } };
    expect(body.data.candles).toHaveLength(5);
    expect(body.data.candles[0]).toHaveLength(7);
    expect(body.data.candles[0]?.[0]).toBe('2026-11-16T00:00:00+0530');

    const viaClient = await kc.getHistoricalData(
      FAKE_INSTRUMENTS.niftyFut.token,
      'day',
      new Date('2026-11-16T00:00:00+05:30'),
      new Date('2026-11-20T00:00:00+05:30'),
      false,
      true,
    );
    expect(viaClient[0]).toHaveProperty('oi');
  });

  it('refuses a bad interval, an unknown token and a too-long range', async () => {
    const call = (token: number, interval: string, from: string, to: string) =>
      kc.getHistoricalData(token, interval as 'minute', from, to);
    await expect(
      call(FAKE_INSTRUMENTS.infy.token, 'week', '2026-11-20', '2026-11-21'),
    ).rejects.toMatchObject({
      error_type: 'InputException',
    });
    await expect(call(42, 'minute', '2026-11-20', '2026-11-21')).rejects.toMatchObject({
      error_type: 'InputException',
    });
    await expect(
      call(FAKE_INSTRUMENTS.infy.token, 'minute', '2026-01-01', '2026-11-21'),
    ).rejects.toMatchObject({
      error_type: 'InputException',
      message: 'interval exceeds max limit: 60 days',
    });
  });
});
