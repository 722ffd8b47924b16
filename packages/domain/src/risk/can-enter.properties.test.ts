import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import type { EntryInputs } from './can-enter.fixtures';
import {
  capitalArb,
  instrumentArb,
  portfolioArb,
  priceArb,
  riskConfigArb,
  sizingCaseArb,
  stopArb,
} from './can-enter.fixtures';
import { canEnter } from './can-enter';
import type { EntryApproval, EntryDecision } from './can-enter';
import type { RiskConfig } from './risk-config';

const RUNS = { numRuns: 1000 };

/**
 * The limits recomputed from their definitions with plain arithmetic (exact in the generated
 * ranges: capital ≤ 1e11, so capital × bps ≤ 1e15).
 */
function referenceLimits(config: RiskConfig, capital: number) {
  const ofCapital = (bps: number) => Math.floor((capital * bps) / 10_000);
  const tighter = (bps: number | null, abs: number | null) =>
    Math.min(bps === null ? Infinity : ofCapital(bps), abs ?? Infinity);
  return {
    perTradeCap: tighter(config.perTradeRiskBps, config.perTradeRiskPaise),
    heatLimit: ofCapital(config.portfolioHeatBps),
    dailyLoss: tighter(config.dailyLossStopBps, config.dailyLossStopPaise),
  };
}

interface SizingCase {
  config: RiskConfig;
  openRisk: number;
  lotSize: number;
  freezeQuantity: number | null;
  stop: number;
  price: number;
  capital: number;
}

/** Whether `quantity` respects every size limit, judged from the definitions alone. */
function fitsEveryLimit(c: SizingCase, quantity: number): boolean {
  const { perTradeCap, heatLimit } = referenceLimits(c.config, c.capital);
  const risk = quantity * c.stop;
  return (
    risk <= perTradeCap &&
    c.openRisk + risk <= heatLimit &&
    quantity <= (c.config.maxQuantityPerOrder ?? Infinity) &&
    quantity * c.price <= (c.config.maxNotionalPerOrder ?? Infinity) &&
    quantity <= (c.freezeQuantity ?? Infinity)
  );
}

function decideSizing(s: EntryInputs): EntryDecision {
  return canEnter(s.config, s.portfolio, s.stop, s.instrument, s.price, s.capital);
}

function flatten(s: EntryInputs): SizingCase {
  return {
    config: s.config,
    openRisk: s.portfolio.openRisk,
    lotSize: s.instrument.lotSize,
    freezeQuantity: s.instrument.freezeQuantity,
    stop: s.stop,
    price: s.price,
    capital: s.capital,
  };
}

function lotsOf(decision: EntryDecision): number {
  return decision.approved ? decision.lots : 0;
}

describe('canEnter properties', () => {
  it('approves only positive whole lots', () => {
    fc.assert(
      fc.property(sizingCaseArb, (s) => {
        const decision = decideSizing(s);
        if (!decision.approved) return;
        expect(decision.lots).toBeGreaterThan(0);
        expect(Number.isSafeInteger(decision.lots)).toBe(true);
        expect(decision.quantity).toBe(decision.lots * s.instrument.lotSize);
      }),
      RUNS,
    );
  });

  it('never lets an approved trade exceed any limit, and reports its risk truthfully', () => {
    fc.assert(
      fc.property(sizingCaseArb, (s) => {
        const decision = decideSizing(s);
        if (!decision.approved) return;
        const { perTradeCap, heatLimit } = referenceLimits(s.config, s.capital);
        expect(decision.riskAmount).toBe(decision.quantity * s.stop);
        expect(decision.riskAmount).toBeLessThanOrEqual(perTradeCap);
        expect(decision.perTradeRiskCap).toBe(perTradeCap);
        expect(decision.heatLimit).toBe(heatLimit);
        expect(decision.heatBefore).toBe(s.portfolio.openRisk);
        expect(decision.heatAfter).toBe(s.portfolio.openRisk + decision.riskAmount);
        expect(decision.heatAfter).toBeLessThanOrEqual(heatLimit);
        expect(decision.quantity * s.price).toBeLessThanOrEqual(
          s.config.maxNotionalPerOrder ?? Infinity,
        );
        expect(decision.quantity).toBeLessThanOrEqual(s.config.maxQuantityPerOrder ?? Infinity);
        expect(decision.quantity).toBeLessThanOrEqual(s.instrument.freezeQuantity ?? Infinity);
      }),
      RUNS,
    );
  });

  it('sizes to the largest whole-lot quantity that fits, rejecting only when one lot does not', () => {
    fc.assert(
      fc.property(sizingCaseArb, (s) => {
        const c = flatten(s);
        const decision = decideSizing(s);
        const { heatLimit } = referenceLimits(c.config, c.capital);
        if (c.openRisk >= heatLimit) {
          expect(decision).toMatchObject({ approved: false, reason: 'PORTFOLIO_HEAT' });
          return;
        }
        const lots = lotsOf(decision);
        expect(fitsEveryLimit(c, (lots + 1) * c.lotSize)).toBe(false);
        if (lots === 0) expect(fitsEveryLimit(c, c.lotSize)).toBe(false);
      }),
      RUNS,
    );
  });

  it('names a sizing rejection after a limit one lot really breaks', () => {
    fc.assert(
      fc.property(sizingCaseArb, (s) => {
        const decision = decideSizing(s);
        if (decision.approved) return;
        const c = flatten(s);
        const { perTradeCap, heatLimit } = referenceLimits(c.config, c.capital);
        const lotRisk = c.lotSize * c.stop;
        switch (decision.reason) {
          case 'PER_TRADE_RISK':
            expect(lotRisk).toBeGreaterThan(perTradeCap);
            break;
          case 'PORTFOLIO_HEAT':
            expect(c.openRisk).toBeGreaterThanOrEqual(heatLimit);
            break;
          case 'MAX_QUANTITY':
            expect(c.lotSize).toBeGreaterThan(c.config.maxQuantityPerOrder ?? Infinity);
            break;
          case 'MAX_NOTIONAL':
            expect(c.lotSize * c.price).toBeGreaterThan(c.config.maxNotionalPerOrder ?? Infinity);
            break;
          case 'ZERO_LOTS':
            expect(c.openRisk).toBeLessThan(heatLimit);
            expect(lotRisk).toBeLessThanOrEqual(perTradeCap);
            expect(c.openRisk + lotRisk).toBeGreaterThan(heatLimit);
            break;
          case 'TRADING_NOT_ACTIVE':
          case 'INVALID_INPUT':
          case 'OUTSIDE_ENTRY_WINDOW':
          case 'DAILY_LOSS_STOP':
          case 'MAX_OPEN_POSITIONS':
            expect.fail(`sizing case rejected by an earlier gate: ${decision.detail}`);
        }
      }),
      RUNS,
    );
  });

  it('refuses every entry in a non-ACTIVE state, whatever else is true', () => {
    fc.assert(
      fc.property(
        riskConfigArb,
        portfolioArb,
        fc.constantFrom('PAUSED', 'HALTED'),
        instrumentArb,
        fc.integer({ min: -1000, max: 1_000_000 }),
        priceArb,
        fc.integer({ min: -1000, max: 100_000_000_000 }),
        (config, portfolio, tradingState, instrument, stop, price, capital) => {
          const decision = canEnter(
            config,
            { ...portfolio, tradingState },
            stop as Paise,
            instrument,
            price,
            capital as Paise,
          );
          expect(decision).toMatchObject({ approved: false, reason: 'TRADING_NOT_ACTIVE' });
        },
      ),
      RUNS,
    );
  });

  it('gives at least as many lots with more capital', () => {
    fc.assert(
      fc.property(
        sizingCaseArb,
        riskConfigArb,
        capitalArb,
        fc.integer({ min: 0, max: 100_000_000_000 }),
        (s, config, capital, extra) => {
          // Full config (daily stop and window included), so every capital-based gate moves.
          const base = { ...s, config: { ...config, entryWindow: s.config.entryWindow } };
          const richer = { ...base, capital: paise(capital + extra) };
          const poorer = { ...base, capital };
          expect(lotsOf(decideSizing(richer))).toBeGreaterThanOrEqual(lotsOf(decideSizing(poorer)));
        },
      ),
      RUNS,
    );
  });

  it('gives at least as many lots with a tighter stop or less open risk', () => {
    fc.assert(
      fc.property(
        sizingCaseArb,
        stopArb,
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (s, tighterStop, lessRisk) => {
          const wide = { ...s, stop: paise(Math.max(s.stop, tighterStop)) };
          const tight = { ...s, stop: paise(Math.min(s.stop, tighterStop)) };
          expect(lotsOf(decideSizing(tight))).toBeGreaterThanOrEqual(lotsOf(decideSizing(wide)));
          const lighter = {
            ...s,
            portfolio: {
              ...s.portfolio,
              openRisk: paise(Math.min(s.portfolio.openRisk, lessRisk)),
            },
          };
          expect(lotsOf(decideSizing(lighter))).toBeGreaterThanOrEqual(lotsOf(decideSizing(s)));
        },
      ),
      RUNS,
    );
  });

  it('is a function of its inputs alone', () => {
    fc.assert(
      fc.property(sizingCaseArb, (s) => {
        expect(decideSizing(s)).toEqual(decideSizing(structuredClone(s)));
      }),
    );
  });

  it('approves often enough in the sizing cases for the properties above to bite', () => {
    const decisions = fc.sample(sizingCaseArb, { numRuns: 2000, seed: 42 }).map(decideSizing);
    const approvals = decisions.filter((d): d is EntryApproval => d.approved);
    expect(approvals.length).toBeGreaterThan(200);
    const sizedBy = new Set(approvals.map((a) => a.sizedBy));
    expect([...sizedBy].sort()).toEqual(
      [
        'FREEZE_QUANTITY',
        'MAX_NOTIONAL',
        'MAX_QUANTITY',
        'PER_TRADE_RISK',
        'PORTFOLIO_HEAT',
      ].sort(),
    );
  });
});
