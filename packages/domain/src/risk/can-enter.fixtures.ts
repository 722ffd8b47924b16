import fc from 'fast-check';
import type { Instrument } from '../instrument/instrument';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { TRADING_STATES } from '../order/order-status';
import { DEFAULT_RISK_CONFIG } from './risk-config';
import type { RiskConfig } from './risk-config';
import type { RiskPortfolio } from './risk-portfolio';

/** Test data for the risk gates; imported only by *.test.ts files. */

export const INFY: Instrument = {
  token: 408065,
  exchangeToken: 1594,
  exchange: 'NSE',
  segment: 'NSE',
  tradingSymbol: 'INFY',
  name: 'INFOSYS',
  type: 'EQ',
  tickSize: paise(5),
  lotSize: 1,
  freezeQuantity: null,
  expiry: null,
  strike: null,
};

export const NIFTY_CE: Instrument = {
  token: 12345602,
  exchangeToken: 48225,
  exchange: 'NFO',
  segment: 'NFO',
  tradingSymbol: 'NIFTY25NOV24500CE',
  name: 'NIFTY',
  type: 'CE',
  tickSize: paise(5),
  lotSize: 75,
  freezeQuantity: 1800,
  expiry: '2025-11-25',
  strike: paise(24500_00),
};

/** 10:00 IST, nothing open, flat P&L, trading on. */
export const CALM_PORTFOLIO: RiskPortfolio = {
  tradingState: 'ACTIVE',
  openPositions: 0,
  openRisk: paise(0),
  realisedPnlToday: paise(0),
  unrealisedPnlToday: paise(0),
  nowIstMinutes: 10 * 60,
};

/** ₹5,00,000: the defaults give a ₹5,000 per-trade cap, ₹30,000 heat, ₹15,000 daily stop. */
export const CAPITAL = paise(5_00_000_00);

export const CONFIG: RiskConfig = DEFAULT_RISK_CONFIG;

function hhmm(minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  return `${hh}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Valid configs, in ranges where test arithmetic on plain numbers stays exact. */
export const riskConfigArb: fc.Arbitrary<RiskConfig> = fc
  .record({
    perTradeRiskBps: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    perTradeRiskPaise: fc.option(fc.integer({ min: 1, max: 1_000_000_000 }), { nil: null }),
    portfolioHeatBps: fc.integer({ min: 1, max: 10_000 }),
    dailyLossStopBps: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }),
    dailyLossStopPaise: fc.option(fc.integer({ min: 1, max: 1_000_000_000 }), { nil: null }),
    maxOpenPositions: fc.integer({ min: 1, max: 20 }),
    maxQuantityPerOrder: fc.option(fc.integer({ min: 1, max: 200_000 }), { nil: null }),
    maxNotionalPerOrder: fc.option(fc.integer({ min: 1, max: 100_000_000_000 }), { nil: null }),
    window: fc
      .tuple(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 1439 }))
      .filter(([a, b]) => a !== b),
  })
  .map((r) => ({
    perTradeRiskBps: r.perTradeRiskBps ?? (r.perTradeRiskPaise === null ? 100 : null),
    perTradeRiskPaise: r.perTradeRiskPaise === null ? null : paise(r.perTradeRiskPaise),
    portfolioHeatBps: r.portfolioHeatBps,
    dailyLossStopBps: r.dailyLossStopBps ?? (r.dailyLossStopPaise === null ? 300 : null),
    dailyLossStopPaise: r.dailyLossStopPaise === null ? null : paise(r.dailyLossStopPaise),
    maxOpenPositions: r.maxOpenPositions,
    maxQuantityPerOrder: r.maxQuantityPerOrder,
    maxNotionalPerOrder: r.maxNotionalPerOrder === null ? null : paise(r.maxNotionalPerOrder),
    entryWindow: {
      start: hhmm(Math.min(...r.window)),
      end: hhmm(Math.max(...r.window)),
    },
  }));

export const portfolioArb: fc.Arbitrary<RiskPortfolio> = fc.record({
  tradingState: fc.constantFrom(...TRADING_STATES),
  openPositions: fc.integer({ min: 0, max: 25 }),
  openRisk: fc.integer({ min: 0, max: 1_000_000_000 }).map(paise),
  realisedPnlToday: fc.integer({ min: -100_000_000, max: 100_000_000 }).map(paise),
  unrealisedPnlToday: fc.integer({ min: -100_000_000, max: 100_000_000 }).map(paise),
  nowIstMinutes: fc.integer({ min: 0, max: 1439 }),
});

/** Freeze quantities are at least one lot (an instrument invariant), not always a multiple. */
export const instrumentArb: fc.Arbitrary<Instrument> = fc
  .record({
    lotSize: fc.oneof(
      fc.constantFrom(1, 15, 25, 30, 50, 65, 75, 1800),
      fc.integer({ min: 1, max: 5000 }),
    ),
    freezeLots: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: null }),
    freezeExtra: fc.nat(),
  })
  .map(({ lotSize, freezeLots, freezeExtra }) => ({
    ...NIFTY_CE,
    lotSize,
    freezeQuantity: freezeLots === null ? null : freezeLots * lotSize + (freezeExtra % lotSize),
  }));

export const stopArb = fc.integer({ min: 1, max: 1_000_000 }).map(paise);
export const priceArb = fc.integer({ min: 1, max: 10_000_000 }).map(paise);
export const capitalArb = fc.integer({ min: 1, max: 100_000_000_000 }).map(paise);

/** Every argument of canEnter, as one record. */
export interface EntryInputs {
  readonly config: RiskConfig;
  readonly portfolio: RiskPortfolio;
  readonly instrument: Instrument;
  readonly stop: Paise;
  readonly price: Paise;
  readonly capital: Paise;
}

/**
 * Inputs that pass the state, window, daily-loss and position gates, so properties about
 * sizing are not starved by early rejections.
 */
export const sizingCaseArb: fc.Arbitrary<EntryInputs> = fc
  .record({
    config: riskConfigArb,
    portfolio: portfolioArb,
    instrument: instrumentArb,
    stop: stopArb,
    price: priceArb,
    capital: capitalArb,
  })
  .map((c) => ({
    ...c,
    config: {
      ...c.config,
      entryWindow: { start: '00:00', end: '23:59' },
      dailyLossStopBps: null,
      dailyLossStopPaise: paise(1_000_000_000_000),
      maxOpenPositions: 100,
    },
    portfolio: { ...c.portfolio, tradingState: 'ACTIVE', nowIstMinutes: 600 },
  }));
