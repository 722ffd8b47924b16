import { KITE_MAX_MODIFICATIONS_PER_ORDER } from '@kavach/domain';

/**
 * The margin model, in basis points of notional. Deliberately simple and documented rather
 * than a SPAN engine: tests and paper trading need margins of the right size and direction.
 * - equity MIS: misEquityBps of notional (2000 = 20 %, Kite's 5× intraday leverage);
 *   equity CNC (and NRML on equity): full notional;
 * - futures (MIS or NRML alike: Zerodha gives no intraday leverage on F&O since the 2020 peak
 *   margin rules): futuresSpanBps + futuresExposureBps of notional at the last price;
 * - option buying: the premium (price × quantity), nothing else;
 * - option selling: optionShortSpanBps + optionShortExposureBps of the underlying's notional
 *   (its last price, or the strike when it has no quote).
 */
export interface MarginModel {
  readonly misEquityBps: number;
  readonly futuresSpanBps: number;
  readonly futuresExposureBps: number;
  readonly optionShortSpanBps: number;
  readonly optionShortExposureBps: number;
}

/**
 * Zerodha's published charges (NSE, as of 2025), in basis points of turnover unless named
 * otherwise. Used only for the `charges` block of order margins.
 */
export interface ChargesModel {
  /** Brokerage on MIS equity and futures: this many bps, capped at brokerageCapPaise. */
  readonly brokerageBps: number;
  readonly brokerageCapPaise: number;
  /** Flat brokerage per executed option order. */
  readonly optionBrokeragePaise: number;
  readonly sttDeliveryBps: number;
  readonly sttIntradaySellBps: number;
  readonly sttFuturesSellBps: number;
  readonly sttOptionsSellBps: number;
  /** Exchange transaction charges, in millionths of turnover (0.00297 % = 29.7). */
  readonly exchangeEquityPpm: number;
  readonly exchangeFuturesPpm: number;
  readonly exchangeOptionsPpm: number;
  readonly sebiPpm: number;
  readonly stampDeliveryBps: number;
  readonly stampIntradayBps: number;
  readonly stampFuturesBps: number;
  readonly stampOptionsBps: number;
  readonly gstBps: number;
}

/**
 * Automatic market protection (market_protection = -1): the percentage applied for an LTP
 * below `belowPaise`; the last band catches everything above. Kite's exact bands were not
 * found; these follow the exchanges' price-protection spirit (tighter for dearer scrips).
 */
export interface ProtectionBand {
  readonly belowPaise: number;
  readonly percent: number;
}

export interface ExchangeConfig {
  readonly margin: MarginModel;
  readonly charges: ChargesModel;
  readonly autoProtection: readonly ProtectionBand[];
  readonly maxModificationsPerOrder: number;
  /** Broker MIS square-off, 'HH:MM' IST: NSE equity and NFO derivatives. */
  readonly squareOffEquity: string;
  readonly squareOffDerivatives: string;
}

export const DEFAULT_EXCHANGE_CONFIG: ExchangeConfig = {
  margin: {
    misEquityBps: 2_000,
    futuresSpanBps: 1_200,
    futuresExposureBps: 300,
    optionShortSpanBps: 1_500,
    optionShortExposureBps: 300,
  },
  charges: {
    brokerageBps: 3,
    brokerageCapPaise: 20_00,
    optionBrokeragePaise: 20_00,
    sttDeliveryBps: 10,
    sttIntradaySellBps: 2.5,
    sttFuturesSellBps: 2,
    sttOptionsSellBps: 10,
    exchangeEquityPpm: 29.7,
    exchangeFuturesPpm: 17.3,
    exchangeOptionsPpm: 350.3,
    sebiPpm: 1,
    stampDeliveryBps: 1.5,
    stampIntradayBps: 0.3,
    stampFuturesBps: 0.2,
    stampOptionsBps: 0.3,
    gstBps: 1_800,
  },
  autoProtection: [
    { belowPaise: 100_00, percent: 2 },
    { belowPaise: 500_00, percent: 1 },
    { belowPaise: Number.MAX_SAFE_INTEGER, percent: 0.5 },
  ],
  maxModificationsPerOrder: KITE_MAX_MODIFICATIONS_PER_ORDER,
  squareOffEquity: '15:20',
  squareOffDerivatives: '15:25',
};

/** Partial overrides, one level deep for the nested models. */
export interface ExchangeConfigOverrides {
  readonly margin?: Partial<MarginModel>;
  readonly charges?: Partial<ChargesModel>;
  readonly autoProtection?: readonly ProtectionBand[];
  readonly maxModificationsPerOrder?: number;
  readonly squareOffEquity?: string;
  readonly squareOffDerivatives?: string;
}

export function resolveExchangeConfig(overrides: ExchangeConfigOverrides = {}): ExchangeConfig {
  const base = DEFAULT_EXCHANGE_CONFIG;
  return {
    margin: { ...base.margin, ...overrides.margin },
    charges: { ...base.charges, ...overrides.charges },
    autoProtection: overrides.autoProtection ?? base.autoProtection,
    maxModificationsPerOrder: overrides.maxModificationsPerOrder ?? base.maxModificationsPerOrder,
    squareOffEquity: overrides.squareOffEquity ?? base.squareOffEquity,
    squareOffDerivatives: overrides.squareOffDerivatives ?? base.squareOffDerivatives,
  };
}
