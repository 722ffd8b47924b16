import { addDays, atIst, nseCalendar2026 } from '@kavach/domain';
import type { MarketCalendar, Paise, TradingSession } from '@kavach/domain';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { compileScenario } from '../scenario/compile-scenario';
import type { Scenario } from '../scenario/scenario';
import { buildUniverse } from '../universe/build-universe';
import type { Universe } from '../universe/build-universe';
import { NSE_UNIVERSE } from '../universe/default-universe';
import type { UniverseSpec } from '../universe/universe-spec';
import { createSlots } from './create-slots';
import { derivativePrice, flexBand, solveUnderlying } from './derivative-pricing';
import { createIntradayShape } from './intraday-shape';
import { isDerivativeSlot, markPrice, recordTrade, startDay, touchSlot } from './market-slot';
import type { Slot } from './market-slot';
import {
  captureSlot,
  checkMarketSnapshot,
  MARKET_SNAPSHOT_VERSION,
  restoreSlot,
} from './market-snapshot';
import type { MarketSnapshot } from './market-snapshot';
import type { MarketView } from './market-view';
import { createNormalSource } from './normal';
import { readQuote } from './read-quote';
import { nearestTick } from './tick-math';
import { BASE_TRADE_RATE, tradeQuantity } from './trading-activity';

export interface CreateMarketOptions {
  /** Seeds every random choice: the same seed and the same calls give the same quotes. */
  readonly seed: number;
  /** What is listed; the NIFTY 50 stocks, two indices and their F&O by default. */
  readonly universe?: UniverseSpec;
  /** The simulated trading day (YYYY-MM-DD, IST); may be left to the scenario. */
  readonly sessionDate?: string;
  /** NSE 2026 by default. */
  readonly calendar?: MarketCalendar;
  /** Scripted price paths replacing (part of) the generator. */
  readonly scenario?: Scenario;
  /** Virtual milliseconds between two generator steps; 1000 by default. */
  readonly stepMs?: number;
  /**
   * Continue a saved market (Market.snapshot) instead of starting the day: it must be of this
   * seed, session date, step, universe and scenario, else createMarket throws a RangeError.
   */
  readonly restore?: MarketSnapshot;
}

/** The simulated market of one session day: read side plus the controls kite-sim exposes. */
export interface Market extends MarketView {
  readonly sessionDate: string;
  readonly session: TradingSession;
  /** Contracts that could not be listed (see Universe.warnings). */
  readonly warnings: readonly string[];
  /** The virtual instant the market has been advanced to (the previous close before that). */
  readonly now: () => number;
  /** Whether the continuous session is running at the market's current instant. */
  readonly isOpen: () => boolean;
  /**
   * Runs every generator step up to and including `ms` and returns the tokens whose quote
   * changed, in universe order, so the caller can send ticks. Steps lie on a fixed grid from
   * the session open, so the result does not depend on how often this is called. Nothing moves
   * outside the session. Time cannot go backwards.
   */
  readonly advanceTo: (ms: number) => readonly number[];
  /**
   * Puts an instrument's last price at `price` (on its tick) now; returns the changed tokens.
   * On an index or stock the derivatives reprice from it; on a future or option the
   * underlying moves to the level that prices the contract there, and the whole family
   * reprices. A stock cannot be set outside its circuit; an unreachable option price throws.
   * A scripted instrument returns to its script at the next step. Not a trade: no volume.
   */
  readonly setPrice: (token: number, price: Paise) => readonly number[];
  /** Moves an instrument by basis points (100 = 1 %) as setPrice would; stocks stop at the circuit. */
  readonly nudge: (token: number, bps: number) => readonly number[];
  /** The whole state as JSON-serialisable data, for createMarket({ restore }). */
  readonly snapshot: () => MarketSnapshot;
}

const DEFAULT_STEP_MS = 1_000;
/** Trading time is what volatility accrues over: 252 days of 375 minutes. */
const TRADING_YEAR_MS = 252 * 375 * 60_000;
/** The overnight gap at the open has the spread of half a trading day's moves. */
const GAP_TRADING_DAYS = 0.25;

function checkOptions(options: CreateMarketOptions): { sessionDate: string; stepMs: number } {
  if (!Number.isSafeInteger(options.seed)) {
    throw new RangeError(`seed must be an integer, got ${options.seed}`);
  }
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  if (!Number.isSafeInteger(stepMs) || stepMs <= 0 || stepMs > 60_000) {
    throw new RangeError(`stepMs must be an integer in 1..60000, got ${stepMs}`);
  }
  const scenarioDate = options.scenario?.sessionDate;
  const sessionDate = options.sessionDate ?? scenarioDate;
  if (sessionDate === undefined) {
    throw new RangeError('createMarket needs a sessionDate (or a scenario that has one)');
  }
  if (scenarioDate !== undefined && scenarioDate !== sessionDate) {
    throw new RangeError(
      `scenario "${options.scenario?.name ?? ''}" is for ${scenarioDate}, not ${sessionDate}`,
    );
  }
  return { sessionDate, stepMs };
}

/** When the previous session closed: yesterday's quotes and derivative closes are struck then. */
function findPreviousClose(universe: Universe): number {
  const { calendar, sessionDate } = universe;
  let date = sessionDate;
  for (let back = 0; back < 10; back++) {
    date = addDays(date, -1);
    if (!calendar.covers(date)) break;
    const close = calendar.sessionCloseOn(date);
    if (close !== null) return close;
  }
  // Before the calendar's first year: take the previous calendar day's closing time.
  return atIst(calendar.sessionClose, addDays(sessionDate, -1));
}

/**
 * A seeded, deterministic market for one session day. Every step (one virtual second by
 * default) moves the indices and stocks by a correlated geometric random walk: one market
 * shock drives NIFTY 50, NIFTY BANK follows it with its own correlation, and each stock follows
 * its index with its own; per-step volatility follows the intraday shape (busy open, quiet
 * midday, busy close) and the first step carries an overnight gap. Futures are spot × carry,
 * options Black–Scholes with a smile on the same index level, so a chain is consistent at
 * every step. An instrument trades when its price changes and otherwise at random with the
 * day's activity; trades build volume, VWAP, the day's range and open interest.
 */
export function createMarket(options: CreateMarketOptions): Market {
  const { sessionDate, stepMs } = checkOptions(options);
  const universe = buildUniverse(options.universe ?? NSE_UNIVERSE, {
    sessionDate,
    calendar: options.calendar ?? nseCalendar2026,
  });
  const { session } = universe;
  const seed = options.seed;
  const scenario = options.scenario ?? null;
  const flatUnscripted = scenario !== null && scenario.unscripted === 'flat';
  let normals = createNormalSource(xoroshiro128plus(seed));
  const shape = createIntradayShape((session.close - session.open) / 60_000);
  const stepCount = Math.ceil((session.close - session.open) / stepMs);
  const previousCloseAt = findPreviousClose(universe);

  const { slots, byToken, byKey } = createSlots({
    universe,
    scripts: scenario === null ? new Map() : compileScenario(scenario, universe),
    previousCloses: scenario?.previousClose ?? new Map(),
    previousCloseAt,
    draw: normals.uniform,
  });
  const underlyings = slots.filter((slot) => !isDerivativeSlot(slot));
  const indices = slots.filter((slot) => slot.kind === 'INDEX');
  /** Which index's shock each underlying follows (for an index: its own). */
  const factorOf = new Map<Slot, number>();
  for (const slot of underlyings) {
    const entry = slot.entry;
    const factor = entry.kind === 'STOCK' ? entry.spec.factor : slot.instrument.tradingSymbol;
    factorOf.set(
      slot,
      indices.findIndex((index) => index.instrument.tradingSymbol === factor),
    );
  }
  const indexShocks = new Float64Array(indices.length);

  let marketTime = previousCloseAt;
  let advanced = false;
  let nextStep = 0;

  const saved = options.restore;
  if (saved !== undefined) {
    checkMarketSnapshot(saved, {
      seed,
      sessionDate,
      stepMs,
      scenario: scenario?.name ?? null,
      tokens: slots.map((slot) => slot.instrument.token),
    });
    saved.slots.forEach((slotState, i) => {
      const slot = slots[i];
      if (slot !== undefined) restoreSlot(slot, slotState);
    });
    normals = createNormalSource(
      xoroshiro128plusFromState(saved.random.generator),
      saved.random.spare,
    );
    marketTime = saved.time;
    advanced = saved.advanced;
    nextStep = saved.nextStep;
  }

  function snapshot(): MarketSnapshot {
    const random = normals.state();
    return {
      version: MARKET_SNAPSHOT_VERSION,
      seed,
      sessionDate,
      stepMs,
      scenario: scenario?.name ?? null,
      time: marketTime,
      advanced,
      nextStep,
      random: { generator: random.generator, spare: random.spare },
      slots: slots.map(captureSlot),
    };
  }

  function scriptedPrice(slot: Slot, at: number): Paise | null {
    return slot.script === null ? null : slot.script(at);
  }

  function moveUnderlyings(at: number, shockScale: number): void {
    const market = normals.next();
    indices.forEach((slot, i) => {
      const rho = slot.entry.kind === 'INDEX' ? slot.entry.spec.marketCorrelation : 1;
      const own = i === 0 ? 0 : normals.next();
      indexShocks[i] = i === 0 ? market : rho * market + Math.sqrt(1 - rho * rho) * own;
    });
    for (const slot of underlyings) {
      const entry = slot.entry;
      if (entry.kind !== 'STOCK' && entry.kind !== 'INDEX') continue;
      const factorShock = indexShocks[factorOf.get(slot) ?? 0] ?? 0;
      let shock = factorShock;
      if (entry.kind === 'STOCK') {
        const rho = entry.spec.factorCorrelation;
        shock = rho * factorShock + Math.sqrt(1 - rho * rho) * normals.next();
      }
      const scripted = scriptedPrice(slot, at);
      if (scripted !== null) {
        slot.level = scripted;
        continue;
      }
      if (flatUnscripted) continue;
      const spread = entry.spec.annualVolatility * shockScale;
      const level = slot.level * Math.exp(spread * shock - (spread * spread) / 2);
      slot.level =
        slot.kind === 'STOCK' ? Math.min(slot.upper, Math.max(slot.lower, level)) : level;
    }
  }

  function priceAt(slot: Slot, at: number): Paise {
    if (!isDerivativeSlot(slot)) return nearestTick(slot.level, slot.tick);
    return scriptedPrice(slot, at) ?? derivativePrice(slot, slot.underlying?.level ?? 0, at);
  }

  function runStep(step: number, changed: Set<Slot>): void {
    const at = session.open + step * stepMs;
    const multiplier = shape.volatilityMultiplier((at - session.open) / 60_000);
    const activity = multiplier * multiplier;
    const shockScale =
      step === 0
        ? Math.sqrt(GAP_TRADING_DAYS / 252)
        : multiplier * Math.sqrt(stepMs / TRADING_YEAR_MS);
    moveUnderlyings(at, shockScale);
    const tradeChance = BASE_TRADE_RATE * activity * (stepMs / 1_000);
    for (const slot of slots) {
      const price = priceAt(slot, at);
      if (slot.kind === 'INDEX') {
        // An index does not trade: its value is published, at the open and on every change.
        if (price !== slot.last || !slot.traded) {
          startDay(slot, price);
          markPrice(slot, price);
          touchSlot(slot, at, changed);
        }
        continue;
      }
      // Three draws per instrument and step whatever happens, so that one instrument's
      // trading never shifts another's random numbers.
      const tradeDraw = normals.coarseUniform();
      const sizeDraw = normals.coarseUniform();
      const oiDraw = normals.coarseUniform();
      if (isDerivativeSlot(slot)) flexBand(slot, price, at);
      if (price !== slot.last || tradeDraw < tradeChance * slot.liquidity) {
        recordTrade(slot, price, tradeQuantity(slot, sizeDraw, activity), oiDraw, at);
        touchSlot(slot, at, changed);
      }
    }
  }

  function inUniverseOrder(changed: Set<Slot>): number[] {
    if (changed.size === 0) return [];
    return slots.filter((slot) => changed.has(slot)).map((slot) => slot.instrument.token);
  }

  function advanceTo(ms: number): readonly number[] {
    if (!Number.isFinite(ms)) throw new RangeError(`time must be finite, got ${ms}`);
    if (ms < marketTime) {
      // A clock still before the previous close has nothing to show yet; once the market
      // has been advanced, going back would rewrite history already sent as ticks.
      if (!advanced) return [];
      throw new RangeError(`the market cannot go back in time: ${ms} is before ${marketTime}`);
    }
    advanced = true;
    marketTime = ms;
    const changed = new Set<Slot>();
    while (nextStep < stepCount && session.open + nextStep * stepMs <= ms) {
      runStep(nextStep, changed);
      nextStep += 1;
    }
    return inUniverseOrder(changed);
  }

  function requireSlot(token: number): Slot {
    const slot = byToken.get(token);
    if (slot === undefined) throw new RangeError(`no instrument with token ${token}`);
    return slot;
  }

  /** Moves an index or stock to `level` now and reprices its derivatives from it. */
  function moveFamily(root: Slot, level: number): number[] {
    root.level = level;
    const changed = new Set<Slot>();
    for (const slot of [root, ...root.derivatives]) {
      const price = priceAt(slot, marketTime);
      if (isDerivativeSlot(slot)) flexBand(slot, price, marketTime);
      if (price !== slot.last) {
        markPrice(slot, price);
        touchSlot(slot, marketTime, changed);
      }
    }
    return inUniverseOrder(changed);
  }

  function checkPrice(slot: Slot, price: Paise): void {
    if (!Number.isSafeInteger(price) || price <= 0) {
      throw new RangeError(`${slot.key}: price must be positive whole paise, got ${price}`);
    }
    if (price % slot.tick !== 0) {
      throw new RangeError(
        `${slot.key}: ${price / 100} is not a multiple of the tick ${slot.tick / 100}`,
      );
    }
    if (slot.kind === 'STOCK' && (price < slot.lower || price > slot.upper)) {
      throw new RangeError(
        `${slot.key}: ${price / 100} is outside the circuit ${slot.lower / 100}–${slot.upper / 100}`,
      );
    }
  }

  function setPrice(token: number, price: Paise): readonly number[] {
    const slot = requireSlot(token);
    checkPrice(slot, price);
    if (slot.underlying === null) return moveFamily(slot, price);
    return moveFamily(slot.underlying, solveUnderlying(slot, price, marketTime));
  }

  function nudge(token: number, bps: number): readonly number[] {
    const slot = requireSlot(token);
    if (!Number.isFinite(bps) || bps <= -10_000) {
      throw new RangeError(`nudge takes basis points above -10000, got ${bps}`);
    }
    const factor = 1 + bps / 10_000;
    if (slot.underlying === null) {
      const level = slot.level * factor;
      const bounded =
        slot.kind === 'STOCK' ? Math.min(slot.upper, Math.max(slot.lower, level)) : level;
      return moveFamily(slot, bounded);
    }
    const target = Math.max(slot.tick, nearestTick(slot.last * factor, slot.tick)) as Paise;
    return target === slot.last ? [] : setPrice(token, target);
  }

  const instruments = slots.map((slot) => slot.instrument);

  return Object.freeze({
    sessionDate,
    session,
    warnings: universe.warnings,
    now: () => marketTime,
    isOpen: () => marketTime >= session.open && marketTime < session.close,
    advanceTo,
    setPrice,
    nudge,
    snapshot,
    instruments: () => instruments,
    instrument: (token: number) => byToken.get(token)?.instrument,
    instrumentBySymbol: (exchange: string, tradingSymbol: string) =>
      byKey.get(`${exchange}:${tradingSymbol}`)?.instrument,
    quote: (token: number) => {
      const slot = byToken.get(token);
      return slot === undefined ? undefined : readQuote(slot, seed);
    },
  });
}
