import { atIst, paise } from '@kavach/domain';
import type { PlaceOrderRequest } from '@kavach/sim';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RecordedBarsSnapshot } from './market/minute-bar-recorder';
import { createSimulator } from './simulator';
import type { Simulator, SimulatorOptions, SimulatorSnapshot } from './simulator';

const DAY = '2026-11-23';

function build(overrides: Partial<SimulatorOptions> = {}) {
  const real = { now: 0 };
  const simulator = createSimulator({
    seed: 1,
    accountFunds: paise(10_00_000_00),
    userId: 'KS0001',
    realNow: () => real.now,
    startMs: atIst('09:20', DAY),
    logger: pino({ level: 'silent' }),
    ...overrides,
  });
  return { simulator, real };
}

function infyOrder(extra: Partial<PlaceOrderRequest>): PlaceOrderRequest {
  return {
    variety: 'regular',
    exchange: 'NSE',
    tradingsymbol: 'INFY',
    transaction_type: 'BUY',
    order_type: 'MARKET',
    product: 'MIS',
    quantity: 10,
    market_protection: 2,
    ...extra,
  };
}

function placed(simulator: Simulator, request: PlaceOrderRequest): string {
  const result = simulator.exchange.placeOrder(request);
  if (!result.ok) throw new Error(result.error.message);
  return result.orderId;
}

/** A morning's trading: a filled buy and a buy resting well below the market. */
function tradeAMorning() {
  const { simulator, real } = build();
  simulator.advance();
  const infy = simulator.resolveInstrument('NSE:INFY')!;
  const filled = placed(simulator, infyOrder({}));
  const last = simulator.market.quote(infy)!.lastPrice;
  const resting = placed(
    simulator,
    infyOrder({ order_type: 'LIMIT', price: paise(Math.round((last * 0.97) / 5) * 5) }),
  );
  real.now += 4_000;
  simulator.advance();
  return { simulator, real, infy, filled, resting };
}

function viaJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function quotes(simulator: Simulator) {
  return simulator.market.instruments().map((i) => simulator.market.quote(i.token));
}

function restore(saved: SimulatorSnapshot, bars: RecordedBarsSnapshot, wallNow: number) {
  return build({ restore: saved, restoreBars: bars, wallNow });
}

describe('a simulator restored from its snapshot', () => {
  it('goes on from the saved instant with the same market, books and bars', () => {
    const { simulator, real, infy, filled, resting } = tradeAMorning();
    const saved = viaJson(simulator.snapshot());
    const bars = viaJson(simulator.barsSnapshot());
    expect(saved.now).toBe(simulator.clock.now());

    // A restart: real time starts over, the wall clock is still on the same day.
    const next = restore(saved, bars, atIst('10:30', DAY));
    expect(next.simulator.clock.now()).toBe(saved.now);
    expect(next.simulator.state()).toMatchObject({ sessionDate: DAY, marketOpen: true });
    expect(next.simulator.exchange.orders()).toEqual(simulator.exchange.orders());
    expect(next.simulator.exchange.trades()).toEqual(simulator.exchange.trades());
    expect(next.simulator.exchange.positions()).toEqual(simulator.exchange.positions());
    expect(next.simulator.exchange.margins()).toEqual(simulator.exchange.margins());
    expect(quotes(next.simulator)).toEqual(quotes(simulator));
    expect(next.simulator.exchange.order(filled)?.status).toBe('COMPLETE');
    expect(next.simulator.exchange.order(resting)?.status).toBe('OPEN');

    // Both run on identically: the generator continues where it stood.
    real.now += 30_000;
    next.real.now += 30_000;
    simulator.advance();
    next.simulator.advance();
    expect(next.simulator.clock.now()).toBe(simulator.clock.now());
    expect(quotes(next.simulator)).toEqual(quotes(simulator));
    const range = { from: atIst('09:15', DAY), to: atIst('15:30', DAY), now: saved.now + 30_000 };
    const instrument = simulator.market.instrument(infy)!;
    expect(next.simulator.candles.candles(instrument, 'minute', range)).toEqual(
      simulator.candles.candles(instrument, 'minute', range),
    );
  });

  it('never starts the clock earlier than it stood, whatever the wall clock says', () => {
    const { simulator } = tradeAMorning();
    const saved = viaJson(simulator.snapshot());
    const next = restore(saved, simulator.barsSnapshot(), atIst('06:00', DAY));
    expect(next.simulator.clock.now()).toBe(saved.now);
  });

  it('rolls a finished day over when the wall clock is on a later trading day', () => {
    const { simulator, infy } = tradeAMorning();
    const saved = viaJson(simulator.snapshot());
    const pnl = simulator.exchange.positions().net[0]!.pnl;
    const funds = simulator.exchange.margins().openingBalance;
    const lastId = simulator.exchange.orders().at(-1)!.orderId;

    // Tuesday 24 November 2026 is a holiday: the next session is Wednesday's.
    const next = restore(saved, simulator.barsSnapshot(), atIst('08:30', '2026-11-24'));
    expect(next.simulator.state()).toMatchObject({
      sessionDate: '2026-11-25',
      nowIst: '2026-11-25 09:15:00',
    });
    expect(next.simulator.exchange.orders()).toEqual([]);
    expect(next.simulator.exchange.trades()).toEqual([]);
    expect(next.simulator.exchange.positions()).toEqual({ net: [], day: [] });
    expect(next.simulator.exchange.margins().openingBalance).toBe(funds + pnl);
    const fresh = placed(next.simulator, infyOrder({}));
    expect(fresh.startsWith('261125')).toBe(true);
    expect(Number(fresh.slice(6))).toBeGreaterThan(Number(lastId.slice(6)));
    expect(next.simulator.market.quote(infy)?.timestamp).toBeGreaterThanOrEqual(
      atIst('09:15', '2026-11-25'),
    );
  });

  it('rolls the book over too when a running clock reaches the next trading day', () => {
    const { simulator } = tradeAMorning();
    expect(simulator.exchange.orders()).toHaveLength(2);
    simulator.setClock(atIst('09:30', '2026-11-25'));
    expect(simulator.exchange.orders()).toEqual([]);
    expect(simulator.exchange.positions().net).toEqual([]);
  });

  it('continues a scenario on its own timeline', () => {
    const { simulator } = build();
    simulator.loadScenario({
      name: 'flat day',
      sessionDate: '2026-11-26',
      start: '10:00',
      unscripted: 'flat',
      paths: { 'NSE:INFY': [['10:00', 1500]] },
    });
    simulator.setMarketStatus('closed');
    const saved = viaJson(simulator.snapshot());
    const next = restore(saved, simulator.barsSnapshot(), atIst('09:00', '2026-12-01'));
    expect(next.simulator.state()).toMatchObject({
      scenario: 'flat day',
      sessionDate: '2026-11-26',
      nowIst: '2026-11-26 10:00:00',
      marketMode: 'closed',
      marketOpen: false,
    });
    const infy = next.simulator.resolveInstrument('NSE:INFY')!;
    expect(next.simulator.market.quote(infy)?.lastPrice).toBe(paise(1500_00));
  });

  it('refuses a snapshot of an unknown version', () => {
    const { simulator } = build();
    const saved = { ...simulator.snapshot(), version: 3 } as unknown as SimulatorSnapshot;
    expect(() => restore(saved, { tracks: [] }, atIst('10:00', DAY))).toThrow(
      /unknown simulator snapshot version 3/,
    );
  });
});
