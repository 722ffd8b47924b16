import { describe, expect, it } from 'vitest';
import type { Instrument } from '../instrument/instrument';
import { paise } from '../money/paise';
import type { Paise } from '../money/paise';
import { CALM_PORTFOLIO, CAPITAL, CONFIG, INFY, NIFTY_CE } from './can-enter.fixtures';
import { canEnter, ENTRY_REJECTION_REASONS } from './can-enter';
import type { EntryDecision } from './can-enter';
import type { RiskConfig } from './risk-config';
import type { RiskPortfolio } from './risk-portfolio';

interface Case {
  config?: Partial<RiskConfig>;
  portfolio?: Partial<RiskPortfolio>;
  instrument?: Instrument;
  stop?: number;
  price?: number;
  capital?: number;
}

/** NIFTY option at ₹100, stop ₹20 away: one lot (75) risks ₹1,500. */
function decide(c: Case = {}): EntryDecision {
  return canEnter(
    { ...CONFIG, ...c.config },
    { ...CALM_PORTFOLIO, ...c.portfolio },
    (c.stop ?? 20_00) as Paise,
    c.instrument ?? NIFTY_CE,
    (c.price ?? 100_00) as Paise,
    (c.capital ?? CAPITAL) as Paise,
  );
}

function reasonOf(decision: EntryDecision): string {
  return decision.approved ? 'APPROVED' : decision.reason;
}

describe('canEnter sizing', () => {
  it('sizes an option by the per-trade cap in whole lots', () => {
    // ₹5,000 cap / ₹1,500 a lot = 3 lots.
    expect(decide()).toEqual({
      approved: true,
      quantity: 225,
      lots: 3,
      riskAmount: paise(4_500_00),
      perTradeRiskCap: paise(5_000_00),
      heatBefore: paise(0),
      heatAfter: paise(4_500_00),
      heatLimit: paise(30_000_00),
      sizedBy: 'PER_TRADE_RISK',
    });
  });

  it('takes the exact cap when it divides evenly', () => {
    // ₹5,000 / (₹10 × 1) = 500 shares at ₹1,500: ₹7,50,000 notional, inside ₹10,00,000.
    const decision = decide({ instrument: INFY, stop: 10_00, price: 1_500_00 });
    expect(decision).toMatchObject({ approved: true, quantity: 500, riskAmount: 5_000_00 });
  });

  it('applies the smaller of the percent and absolute per-trade caps', () => {
    const decision = decide({ config: { perTradeRiskPaise: paise(3_000_00) } });
    expect(decision).toMatchObject({ approved: true, lots: 2, perTradeRiskCap: 3_000_00 });
    const absoluteOnly = decide({
      config: { perTradeRiskBps: null, perTradeRiskPaise: paise(9_000_00) },
    });
    expect(absoluteOnly).toMatchObject({ approved: true, lots: 6, perTradeRiskCap: 9_000_00 });
  });

  it('shrinks to the heat room left', () => {
    // Heat limit ₹30,000, ₹27,000 open: ₹3,000 room = 2 lots of ₹1,500.
    const decision = decide({ portfolio: { openRisk: paise(27_000_00) } });
    expect(decision).toMatchObject({
      approved: true,
      lots: 2,
      heatBefore: 27_000_00,
      heatAfter: 30_000_00,
      sizedBy: 'PORTFOLIO_HEAT',
    });
  });

  it('caps a tight-stop equity order by notional, rounding down', () => {
    // Risk allows 5,000 shares; ₹10,00,000 / ₹1,500 = 666.67 shares.
    const decision = decide({ instrument: INFY, stop: 1_00, price: 1_500_00 });
    expect(decision).toMatchObject({ approved: true, quantity: 666, sizedBy: 'MAX_NOTIONAL' });
  });

  it('caps by max quantity in whole lots', () => {
    const decision = decide({ config: { maxQuantityPerOrder: 200 } });
    expect(decision).toMatchObject({ approved: true, quantity: 150, sizedBy: 'MAX_QUANTITY' });
  });

  it('caps by the exchange freeze quantity', () => {
    // A 5-paise stop would allow 1,333 lots; the freeze (1,800 = 24 lots) binds first.
    const decision = decide({ stop: 5, config: { maxNotionalPerOrder: null } });
    expect(decision).toMatchObject({ approved: true, quantity: 1800, sizedBy: 'FREEZE_QUANTITY' });
  });

  it('names the first limit in gate order when several bind equally', () => {
    // Per-trade allows 3 lots; a max quantity of 3 lots ties with it.
    const decision = decide({ config: { maxQuantityPerOrder: 225 } });
    expect(decision).toMatchObject({ approved: true, lots: 3, sizedBy: 'PER_TRADE_RISK' });
  });

  it('stays exact on amounts whose products pass 2^53', () => {
    // Capital near MAX_PAISE times 10 000 bps overflows a double's integers.
    const capital = 999_999_999_999_999;
    const decision = decide({
      instrument: INFY,
      capital,
      stop: 1,
      price: 1,
      config: {
        perTradeRiskBps: 10_000,
        portfolioHeatBps: 10_000,
        maxNotionalPerOrder: null,
      },
    });
    expect(decision).toMatchObject({ approved: true, quantity: capital, riskAmount: capital });
  });
});

describe('canEnter rejections', () => {
  it('rejects when one lot risks more than the per-trade cap', () => {
    // ₹80 × 75 = ₹6,000 > ₹5,000.
    const decision = decide({ stop: 80_00 });
    expect(decision).toEqual({
      approved: false,
      reason: 'PER_TRADE_RISK',
      detail: 'one lot (75) risks ₹6,000.00, above the per-trade cap ₹5,000.00',
    });
  });

  it('approves exactly at the per-trade cap and rejects one paisa above', () => {
    // ₹5,000 / 75 is not whole; use a 100-share lot: ₹50 × 100 = ₹5,000.
    const lot100 = { ...NIFTY_CE, lotSize: 100 };
    expect(decide({ instrument: lot100, stop: 50_00 })).toMatchObject({ approved: true, lots: 1 });
    expect(reasonOf(decide({ instrument: lot100, stop: 50_01 }))).toBe('PER_TRADE_RISK');
  });

  it('rejects when the heat limit is already reached', () => {
    const decision = decide({ portfolio: { openRisk: paise(30_000_00) } });
    expect(decision).toEqual({
      approved: false,
      reason: 'PORTFOLIO_HEAT',
      detail: 'open risk ₹30,000.00 has reached the heat limit ₹30,000.00',
    });
  });

  it('gives ZERO_LOTS when the heat room left is smaller than one lot', () => {
    const decision = decide({ portfolio: { openRisk: paise(28_500_01) } });
    expect(decision).toEqual({
      approved: false,
      reason: 'ZERO_LOTS',
      detail:
        'sizing gives zero lots: one lot (75) risks ₹1,500.00, above the ₹1,499.99 of heat room left',
    });
    expect(decide({ portfolio: { openRisk: paise(28_500_00) } })).toMatchObject({ lots: 1 });
  });

  it('stops entries once the day loss reaches the stop, counting unrealised loss', () => {
    const atStop = decide({
      portfolio: { realisedPnlToday: paise(-10_000_00), unrealisedPnlToday: paise(-5_000_00) },
    });
    expect(atStop).toEqual({
      approved: false,
      reason: 'DAILY_LOSS_STOP',
      detail: "today's P&L -₹15,000.00 has reached the daily loss stop of ₹15,000.00",
    });
    const justAbove = decide({
      portfolio: { realisedPnlToday: paise(-10_000_00), unrealisedPnlToday: paise(-4_999_99) },
    });
    expect(justAbove.approved).toBe(true);
  });

  it('uses the smaller of the percent and absolute daily loss stops', () => {
    const portfolio = { realisedPnlToday: paise(-2_000_00) };
    expect(reasonOf(decide({ portfolio, config: { dailyLossStopPaise: paise(2_000_00) } }))).toBe(
      'DAILY_LOSS_STOP',
    );
    expect(reasonOf(decide({ portfolio, config: { dailyLossStopPaise: paise(2_000_01) } }))).toBe(
      'APPROVED',
    );
  });

  it('does not let a profit on the day lift other limits', () => {
    const decision = decide({ portfolio: { realisedPnlToday: paise(50_000_00) } });
    expect(decision).toMatchObject({ lots: 3, perTradeRiskCap: 5_000_00 });
  });

  it('rejects at the maximum number of open positions', () => {
    expect(decide({ portfolio: { openPositions: 5 } })).toEqual({
      approved: false,
      reason: 'MAX_OPEN_POSITIONS',
      detail: '5 positions open, the maximum is 5',
    });
    expect(decide({ portfolio: { openPositions: 4 } }).approved).toBe(true);
  });

  it('allows entries from the window start up to, not including, its end', () => {
    const at = (minutes: number) => reasonOf(decide({ portfolio: { nowIstMinutes: minutes } }));
    expect(at(9 * 60 + 19)).toBe('OUTSIDE_ENTRY_WINDOW');
    expect(at(9 * 60 + 20)).toBe('APPROVED');
    expect(at(14 * 60 + 59.99)).toBe('APPROVED');
    expect(at(15 * 60)).toBe('OUTSIDE_ENTRY_WINDOW');
    expect(decide({ portfolio: { nowIstMinutes: 9 * 60 + 5 } })).toMatchObject({
      detail: '09:05 IST is outside the entry window 09:20–15:00',
    });
  });

  it('rejects a lot larger than the max quantity', () => {
    expect(decide({ config: { maxQuantityPerOrder: 74 } })).toEqual({
      approved: false,
      reason: 'MAX_QUANTITY',
      detail: 'one lot (75) exceeds the max quantity per order 74',
    });
  });

  it('rejects a lot costing more than the max notional', () => {
    // 75 × ₹100 = ₹7,500.
    expect(decide({ config: { maxNotionalPerOrder: paise(7_499_99) } })).toEqual({
      approved: false,
      reason: 'MAX_NOTIONAL',
      detail: 'one lot (75) costs ₹7,500.00, above the max notional per order ₹7,499.99',
    });
    expect(decide({ config: { maxNotionalPerOrder: paise(7_500_00) } })).toMatchObject({
      approved: true,
      lots: 1,
    });
  });

  it('rounds the freeze quantity down to whole lots', () => {
    // 1,000 is 13.3 lots of 75: at most 13 lots (975) may go in one order.
    const odd = { ...NIFTY_CE, freezeQuantity: 1000 };
    expect(
      decide({ instrument: odd, stop: 5, config: { maxNotionalPerOrder: null } }),
    ).toMatchObject({ approved: true, quantity: 975, sizedBy: 'FREEZE_QUANTITY' });
  });

  it.each(['PAUSED', 'HALTED'] as const)('refuses every entry while %s', (tradingState) => {
    expect(decide({ portfolio: { tradingState } })).toEqual({
      approved: false,
      reason: 'TRADING_NOT_ACTIVE',
      detail: `trading is ${tradingState}: no new entries`,
    });
  });

  it('fails closed on a trading state it does not know', () => {
    const decision = decide({ portfolio: { tradingState: 'active' as 'ACTIVE' } });
    expect(reasonOf(decision)).toBe('TRADING_NOT_ACTIVE');
  });
});

describe('canEnter input validation', () => {
  it.each<[string, Case, string]>([
    ['zero stop', { stop: 0 }, 'stop distance must be a positive number of paise, got 0'],
    ['negative stop', { stop: -5 }, 'stop distance'],
    ['fractional stop', { stop: 2.5 }, 'stop distance'],
    ['NaN stop', { stop: Number.NaN }, 'stop distance'],
    ['zero price', { price: 0 }, 'price must be a positive number of paise, got 0'],
    ['infinite price', { price: Number.POSITIVE_INFINITY }, 'price must'],
    ['zero capital', { capital: 0 }, 'capital must be a positive number of paise, got 0'],
    ['capital beyond MAX_PAISE', { capital: 2e15 }, 'capital must'],
    ['zero lot size', { instrument: { ...NIFTY_CE, lotSize: 0 } }, 'lot size'],
    ['zero freeze', { instrument: { ...NIFTY_CE, freezeQuantity: 0 } }, 'freeze quantity'],
    [
      'freeze below one lot',
      { instrument: { ...NIFTY_CE, freezeQuantity: 74 } },
      'freeze quantity must be null or at least one lot, got 74',
    ],
    ['an index', { instrument: { ...NIFTY_CE, type: 'INDEX' } }, 'is an index'],
    ['negative positions', { portfolio: { openPositions: -1 } }, 'open positions'],
    ['negative open risk', { portfolio: { openRisk: -1 as Paise } }, 'open risk'],
    ['fractional P&L', { portfolio: { unrealisedPnlToday: 0.5 as Paise } }, 'P&L'],
    ['time past midnight', { portfolio: { nowIstMinutes: 1440 } }, 'IST time of day'],
    ['NaN time', { portfolio: { nowIstMinutes: Number.NaN } }, 'IST time of day'],
    ['config without a cap', { config: { perTradeRiskBps: null } }, 'config: a per-trade'],
    [
      'config with bad window',
      { config: { entryWindow: { start: '9:20', end: '15:00' } } },
      'entryWindow',
    ],
  ])('returns INVALID_INPUT for %s', (_name, c, fragment) => {
    const decision = decide(c);
    expect(decision.approved).toBe(false);
    if (decision.approved) return;
    expect(decision.reason).toBe('INVALID_INPUT');
    expect(decision.detail).toContain(fragment);
  });

  it('lists every problem, not only the first', () => {
    const decision = decide({ stop: 0, price: 0 });
    expect(decision).toMatchObject({ reason: 'INVALID_INPUT' });
    expect(!decision.approved && decision.detail.split('; ')).toHaveLength(2);
  });

  it('checks the trading state before the inputs', () => {
    expect(reasonOf(decide({ stop: 0, portfolio: { tradingState: 'HALTED' } }))).toBe(
      'TRADING_NOT_ACTIVE',
    );
  });
});

describe('canEnter gate order', () => {
  it('reports the gates in the documented order as each is fixed in turn', () => {
    // Every gate fails at first; fixing one at a time must uncover the next.
    const steps: Case[] = [];
    let c: Case = {
      portfolio: {
        tradingState: 'PAUSED',
        nowIstMinutes: 16 * 60,
        realisedPnlToday: paise(-20_000_00),
        openPositions: 9,
        openRisk: paise(30_000_00),
      },
      stop: 0,
      config: { maxQuantityPerOrder: 10, maxNotionalPerOrder: paise(1_00) },
    };
    const fixes: ((c: Case) => Case)[] = [
      (x) => ({ ...x, portfolio: { ...x.portfolio, tradingState: 'ACTIVE' } }),
      (x) => ({ ...x, stop: 80_00 }),
      (x) => ({ ...x, portfolio: { ...x.portfolio, nowIstMinutes: 600 } }),
      (x) => ({ ...x, portfolio: { ...x.portfolio, realisedPnlToday: paise(0) } }),
      (x) => ({ ...x, portfolio: { ...x.portfolio, openPositions: 0 } }),
      (x) => ({ ...x, portfolio: { ...x.portfolio, openRisk: paise(29_000_00) } }),
      (x) => ({ ...x, stop: 20_00 }),
      (x) => ({ ...x, portfolio: { ...x.portfolio, openRisk: paise(0) } }),
      (x) => ({ ...x, config: { ...x.config, maxQuantityPerOrder: null } }),
      (x) => ({ ...x, config: { ...x.config, maxNotionalPerOrder: null } }),
    ];
    steps.push(c);
    for (const fix of fixes) {
      c = fix(c);
      steps.push(c);
    }
    expect(steps.map((s) => reasonOf(decide(s)))).toEqual([
      'TRADING_NOT_ACTIVE',
      'INVALID_INPUT',
      'OUTSIDE_ENTRY_WINDOW',
      'DAILY_LOSS_STOP',
      'MAX_OPEN_POSITIONS',
      'PORTFOLIO_HEAT',
      'PER_TRADE_RISK',
      'ZERO_LOTS',
      'MAX_QUANTITY',
      'MAX_NOTIONAL',
      'APPROVED',
    ]);
  });

  it('can produce every rejection reason it declares', () => {
    const produced = new Set<string>([
      reasonOf(decide({ portfolio: { tradingState: 'PAUSED' } })),
      reasonOf(decide({ stop: 0 })),
      reasonOf(decide({ portfolio: { nowIstMinutes: 0 } })),
      reasonOf(decide({ portfolio: { realisedPnlToday: paise(-15_000_00) } })),
      reasonOf(decide({ portfolio: { openPositions: 5 } })),
      reasonOf(decide({ portfolio: { openRisk: paise(30_000_00) } })),
      reasonOf(decide({ stop: 100_00 })),
      reasonOf(decide({ config: { maxQuantityPerOrder: 1 } })),
      reasonOf(decide({ config: { maxNotionalPerOrder: paise(1) } })),
      reasonOf(decide({ portfolio: { openRisk: paise(29_000_00) } })),
    ]);
    expect([...produced].sort()).toEqual([...ENTRY_REJECTION_REASONS].sort());
  });
});
