import { atIst, paise } from '@kavach/domain';
import { findFreePort } from '@kavach/testkit';
import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiteSimApp } from '../src/kite-sim-app';
import type { KiteSimApp } from '../src/kite-sim-app';
import {
  control,
  GENEROUS_LIMITS,
  mintAccessToken,
  TEST_API_KEY,
  TEST_API_SECRET,
  TEST_REDIRECT_URL,
} from './start-kite-sim';

// Monday 23 November 2026; the session before it is Friday 20 November.
const SESSION = '2026-11-23';
const INFY = 'NSE:INFY';
const MINUTES = 10;

let app: KiteSimApp;
let kc: Connect;
let root: string;
let token: number;
/** Every last price the client saw while the market ran, and when. */
const seen: { time: number; price: number }[] = [];

beforeAll(async () => {
  app = createKiteSimApp({
    settings: { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, redirectUrl: TEST_REDIRECT_URL },
    logger: pino({ level: 'silent' }),
    seed: 11,
    accountFunds: paise(10_00_000_00),
    realNow: () => performance.now(),
    wallNow: Date.now(),
    startMs: atIst('09:15', SESSION),
    tickIntervalMs: 50,
    heartbeatMs: 200,
    rateLimits: GENEROUS_LIMITS,
  });
  root = await app.start(await findFreePort());
  kc = new KiteConnect({ api_key: TEST_API_KEY, root, access_token: await mintAccessToken(root) });
  token = app.simulator.resolveInstrument(INFY)!;
  // The test drives the clock: paused, back at 09:15:00 exactly, then 10 s at a time.
  await control(root, '/clock', { paused: true });
  await control(root, '/reset');
  for (let step = 0; step < MINUTES * 6; step++) {
    const state = (await control(root, '/clock', { step_ms: 10_000 })) as { now: number };
    const ltp = await kc.getLTP([INFY]);
    seen.push({ time: state.now, price: ltp[INFY]!.last_price });
  }
}, 30_000);
afterAll(async () => {
  await app.stop();
});

describe('historical candles recorded from the live market', () => {
  it('ends the minute bars at the last price and brackets every quote seen', async () => {
    const candles = await kc.getHistoricalData(
      token,
      'minute',
      `${SESSION} 09:15:00`,
      `${SESSION} 15:30:00`,
    );
    expect(candles.length).toBeGreaterThanOrEqual(MINUTES);
    expect(candles[0]?.date).toEqual(new Date(`${SESSION}T09:15:00+05:30`));
    const now = seen.at(-1)!;
    expect(now.time).toBe(atIst('09:25', SESSION));
    expect(candles.at(-1)?.close).toBe(now.price);
    expect(candles.at(-1)!.date.getTime()).toBeLessThanOrEqual(now.time);
    for (const { time, price } of seen) {
      // The bar of that minute, or the last one before it when the minute had not traded yet.
      const bar = candles.filter((c) => c.date.getTime() <= time).at(-1)!;
      if (time - bar.date.getTime() >= 60_000) expect(price).toBe(bar.close);
      expect(price).toBeGreaterThanOrEqual(bar.low);
      expect(price).toBeLessThanOrEqual(bar.high);
    }
    candles.slice(1).forEach((candle, i) => {
      expect(candle.open).toBe(candles[i]!.close);
    });
  });

  it('agrees with the quote: today’s day candle is its OHLC, history joins its previous close', async () => {
    const ohlc = (await kc.getOHLC([INFY]))[INFY]!;
    const days = await kc.getHistoricalData(token, 'day', '2026-11-16', SESSION);
    expect(days.map((d) => d.date)).toEqual(
      ['16', '17', '18', '19', '20', '23'].map((d) => new Date(`2026-11-${d}T00:00:00+05:30`)),
    );
    expect(days.at(-1)).toMatchObject({
      open: ohlc.ohlc.open,
      high: ohlc.ohlc.high,
      low: ohlc.ohlc.low,
      close: ohlc.last_price,
    });
    expect(days.at(-2)?.close).toBe(ohlc.ohlc.close);

    const across = await kc.getHistoricalData(
      token,
      'minute',
      '2026-11-20 15:29:00',
      `${SESSION} 09:15:00`,
    );
    expect(across.map((c) => c.date)).toEqual([
      new Date('2026-11-20T15:29:00+05:30'),
      new Date(`${SESSION}T09:15:00+05:30`),
    ]);
    expect(across[0]?.close).toBe(ohlc.ohlc.close);
    expect(across[1]?.open).toBe(ohlc.ohlc.open);
  });

  it('aggregates longer intervals from the recorded minutes', async () => {
    const range = [`${SESSION} 09:15:00`, `${SESSION} 09:25:00`] as const;
    const minutes = await kc.getHistoricalData(token, 'minute', ...range);
    const fives = await kc.getHistoricalData(token, '5minute', ...range);
    const slotOf = (date: Date): number =>
      atIst('09:15', SESSION) +
      Math.floor((date.getTime() - atIst('09:15', SESSION)) / 300_000) * 300_000;
    expect(fives.map((c) => c.date.getTime())).toEqual([
      ...new Set(minutes.map((c) => slotOf(c.date))),
    ]);
    const first = minutes.filter((c) => c.date.getTime() < atIst('09:20', SESSION));
    expect(fives[0]).toEqual({
      date: new Date(`${SESSION}T09:15:00+05:30`),
      open: first[0]!.open,
      high: Math.max(...first.map((c) => c.high)),
      low: Math.min(...first.map((c) => c.low)),
      close: first.at(-1)!.close,
      volume: first.reduce((sum, c) => sum + c.volume, 0),
    });
    expect(fives.at(-1)?.close).toBe(seen.at(-1)?.price);
  });
});
