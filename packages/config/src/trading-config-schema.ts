import { DEFAULT_RISK_CONFIG, EXCHANGES, isHhMm } from '@kavach/domain';
import { z } from 'zod';
import {
  ENTRY_ORDER_TYPES,
  ORB_ENTRY_MODES,
  ORB_STOP_MODES,
  STOP_ORDER_TYPES,
} from './trading-config-types';
import { bpsToPercent, hasAtMostTwoDecimals, MAX_RUPEES } from './trading-config-units';

/**
 * The trading config FILE, in the units a trader writes: rupees and percent. Every field has a
 * default, so an empty file is a valid config. Objects are strict: a misspelt key is an error,
 * never a silently ignored limit that leaves the default in force.
 */

const number = () => z.number({ error: 'must be a number' });

const twoDecimals = {
  error: 'must have at most 2 decimals',
} as const;

/** A share in percent: (0, 100], or [0, 100] when zero means "none". */
function percent(options: { readonly allowZero?: boolean } = {}) {
  const base =
    options.allowZero === true ? number().min(0, 'must be ≥ 0') : number().gt(0, 'must be > 0');
  return base.max(100, 'must be ≤ 100').refine(hasAtMostTwoDecimals, twoDecimals);
}

const rupees = () =>
  number()
    .gt(0, 'must be > 0')
    .max(MAX_RUPEES, `must be ≤ ${MAX_RUPEES}`)
    .refine(hasAtMostTwoDecimals, { error: 'must be whole paise (at most 2 decimals)' });

const count = (max: number) =>
  number().int('must be a whole number').min(1, 'must be ≥ 1').max(max, `must be ≤ ${max}`);

const nonNegativeCount = (max: number) =>
  number().int('must be a whole number').min(0, 'must be ≥ 0').max(max, `must be ≤ ${max}`);

/** Multiples of the risk for targets (1R, 2R, …). */
const rMultiple = () =>
  number().gt(0, 'must be > 0').max(20, 'must be ≤ 20').refine(hasAtMostTwoDecimals, twoDecimals);

const hhMm = () =>
  z.string({ error: 'must be a time as HH:MM' }).refine(isHhMm, 'must be HH:MM (24-hour, IST)');

function timeWindow(start: string, end: string) {
  return z.strictObject({ start: hhMm().default(start), end: hhMm().default(end) }).prefault({});
}

/** Kite's notation: 'NSE:INFY', 'NFO:NIFTY25NOV24500CE', 'NSE:M&M', 'NSE:BAJAJ-AUTO'. */
const INSTRUMENT_KEY = new RegExp(`^(${EXCHANGES.join('|')}):[A-Z0-9][A-Z0-9&_.-]*$`);

/** Liquid NIFTY 50 stocks, all present in kite-sim's universe. */
export const DEFAULT_UNIVERSE: readonly string[] = [
  'NSE:RELIANCE',
  'NSE:HDFCBANK',
  'NSE:ICICIBANK',
  'NSE:INFY',
  'NSE:TCS',
  'NSE:SBIN',
  'NSE:AXISBANK',
  'NSE:ITC',
  'NSE:LT',
  'NSE:BHARTIARTL',
];

const risk = DEFAULT_RISK_CONFIG;
const pctOf = (bps: number | null): number | null => (bps === null ? null : bpsToPercent(bps));
const rupeesOf = (amount: number | null): number | null => (amount === null ? null : amount / 100);

export const riskFileSchema = z
  .strictObject({
    perTradeRiskPct: percent().nullable().default(pctOf(risk.perTradeRiskBps)),
    perTradeRiskRupees: rupees().nullable().default(rupeesOf(risk.perTradeRiskPaise)),
    portfolioHeatPct: percent().default(bpsToPercent(risk.portfolioHeatBps)),
    dailyLossStopPct: percent().nullable().default(pctOf(risk.dailyLossStopBps)),
    dailyLossStopRupees: rupees().nullable().default(rupeesOf(risk.dailyLossStopPaise)),
    maxOpenPositions: count(1_000).default(risk.maxOpenPositions),
    maxQuantityPerOrder: count(100_000_000).nullable().default(risk.maxQuantityPerOrder),
    maxNotionalPerOrderRupees: rupees().nullable().default(2_00_000),
    entryWindow: timeWindow(risk.entryWindow.start, risk.entryWindow.end),
  })
  .prefault({});

export const eodFileSchema = z
  .strictObject({
    noNewEntriesAfter: hhMm().default('15:10'),
    squareOffAt: hhMm().default('15:25'),
  })
  .prefault({});

export const universeFileSchema = z
  .array(
    z
      .string({ error: 'must be a string' })
      .regex(
        INSTRUMENT_KEY,
        `must be EXCHANGE:SYMBOL with EXCHANGE one of ${EXCHANGES.join(', ')}`,
      ),
    { error: 'must be a list' },
  )
  .max(1_000, 'must list at most 1000 instruments')
  .refine((keys) => new Set(keys).size === keys.length, 'must not list an instrument twice')
  .default(() => [...DEFAULT_UNIVERSE]);

export const ordersFileSchema = z
  .strictObject({
    product: z.literal('MIS', { error: 'must be MIS (intraday)' }).default('MIS'),
    entryOrderType: z
      .enum(ENTRY_ORDER_TYPES, { error: 'must be LIMIT or MARKET' })
      .default('LIMIT'),
    marketProtectionPct: number()
      .refine((v) => v === -1 || (v > 0 && v <= 100), 'must be -1 (automatic) or in (0, 100]')
      .refine(hasAtMostTwoDecimals, twoDecimals)
      .default(2),
    stopOrderType: z.enum(STOP_ORDER_TYPES, { error: 'must be SL or SL-M' }).default('SL-M'),
    stopLimitBufferPct: percent().default(0.5),
  })
  .prefault({});

export const scanFileSchema = z
  .strictObject({
    maxSignalsPerCycle: count(100).default(3),
    minScore: number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1').default(0.35),
  })
  .prefault({});

export const orbFileSchema = z
  .strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    rangeMinutes: count(120).default(15),
    window: timeWindow('09:30', '11:30'),
    volumeMultiple: number().min(0, 'must be ≥ 0').max(100, 'must be ≤ 100').default(1.2),
    minRangePct: percent().default(0.25),
    maxRangePct: percent().default(2.5),
    entry: z.enum(ORB_ENTRY_MODES, { error: 'must be close or rangeEdge' }).default('close'),
    entryBufferPct: percent({ allowZero: true }).default(0.05),
    stopAt: z.enum(ORB_STOP_MODES, { error: 'must be opposite or midpoint' }).default('opposite'),
    maxStopPct: percent().default(1.5),
    tp1R: rMultiple().default(1),
    tp2R: rMultiple().default(2),
  })
  .prefault({});

export const vwapEmaFileSchema = z
  .strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    fastPeriod: count(200).default(9),
    slowPeriod: count(400).default(21),
    minBars: count(375).default(30),
    window: timeWindow('09:45', '14:45'),
    pullbackBars: count(30).default(3),
    touchTolerancePct: percent({ allowZero: true }).default(0.05),
    minTrendPct: percent({ allowZero: true }).default(0.05),
    stopBufferTicks: nonNegativeCount(1_000).default(1),
    minStopTicks: count(10_000).default(3),
    minStopPct: percent({ allowZero: true }).default(0.1),
    maxStopPct: percent().default(1.5),
    cooldownMinutes: nonNegativeCount(375).default(15),
    tp1R: rMultiple().default(1),
    tp2R: rMultiple().default(2),
  })
  .prefault({});

export const tradingConfigFileSchema = z.strictObject(
  {
    capitalRupees: rupees().default(5_00_000),
    risk: riskFileSchema,
    eod: eodFileSchema,
    universe: universeFileSchema,
    orders: ordersFileSchema,
    scan: scanFileSchema,
    strategies: z.strictObject({ orb: orbFileSchema, vwap_ema: vwapEmaFileSchema }).prefault({}),
  },
  { error: 'must be a mapping of settings' },
);

export type TradingConfigFile = z.output<typeof tradingConfigFileSchema>;
