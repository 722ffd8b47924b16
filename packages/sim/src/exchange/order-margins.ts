import { ZERO_PAISE } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import type { MarketView } from '../market/market-view';
import type { ExchangeConfig } from './exchange-config';
import type { ExchangeResult } from './exchange-error';
import { estimateCharges } from './estimate-charges';
import type { ChargesEstimate } from './estimate-charges';
import { computeLeverage, computeMargin, totalMargin } from './margin-model';
import type { OrderMarginRequest } from './order-request';
import { VETOES, vetoWith } from './rejection-messages';

/** One row of POST /margins/orders, in paise (charges fractional, see ChargesEstimate). */
export interface OrderMarginRecord {
  readonly type: 'equity';
  readonly tradingSymbol: string;
  readonly exchange: string;
  readonly span: Paise;
  readonly exposure: Paise;
  readonly optionPremium: Paise;
  readonly additional: Paise;
  readonly bo: Paise;
  readonly cash: Paise;
  /** Cash-equity margin (VaR + ELM). */
  readonly var: Paise;
  readonly pnl: { readonly realised: Paise; readonly unrealised: Paise };
  readonly leverage: number;
  readonly charges: ChargesEstimate;
  readonly total: Paise;
}

/**
 * Each order's own margin, as if placed alone (Kite's order margins do not net against the
 * portfolio; basket margins do). MARKET and SL-M are priced at the last price.
 */
export function computeOrderMargins(
  config: ExchangeConfig,
  market: MarketView,
  requests: readonly OrderMarginRequest[],
): ExchangeResult<readonly OrderMarginRecord[]> {
  const records: OrderMarginRecord[] = [];
  for (const request of requests) {
    const instrument = market.instrumentBySymbol(request.exchange, request.tradingsymbol);
    const quote = instrument === undefined ? undefined : market.quote(instrument.token);
    if (instrument === undefined || quote === undefined || instrument.type === 'INDEX') {
      return { ok: false, error: vetoWith(VETOES.unknownInstrument) };
    }
    if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0) {
      return { ok: false, error: vetoWith(VETOES.invalidField, 'quantity') };
    }
    const price =
      request.price !== undefined && request.price > 0
        ? request.price
        : request.trigger_price !== undefined && request.trigger_price > 0
          ? request.trigger_price
          : quote.lastPrice;
    const underlying =
      instrument.underlyingToken === null ? undefined : market.quote(instrument.underlyingToken);
    const margin = computeMargin(config.margin, {
      instrument,
      product: request.product,
      side: request.transaction_type,
      quantity: request.quantity,
      price,
      underlyingPrice: underlying?.lastPrice ?? null,
    });
    const zero = ZERO_PAISE;
    records.push({
      type: 'equity',
      tradingSymbol: instrument.tradingSymbol,
      exchange: instrument.exchange,
      span: margin.span,
      exposure: margin.exposure,
      optionPremium: margin.optionPremium,
      additional: zero,
      bo: zero,
      cash: zero,
      var: margin.equity,
      pnl: { realised: zero, unrealised: zero },
      leverage: computeLeverage(config.margin, { instrument, product: request.product }),
      charges: estimateCharges(config.charges, {
        instrument,
        product: request.product,
        side: request.transaction_type,
        quantity: request.quantity,
        price,
      }),
      total: totalMargin(margin),
    });
  }
  return { ok: true, value: records };
}
