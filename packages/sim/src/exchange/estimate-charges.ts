import { isOption } from '@kavach/domain';
import type { Instrument, OrderSide, Paise, Product } from '@kavach/domain';
import type { ChargesModel } from './exchange-config';

/**
 * Statutory charges and brokerage for one order, in paise. Unlike every other amount in the
 * simulator these are fractional: Kite reports them unrounded (0.051681 rupees), and rounding
 * here would misstate the estimate it publishes.
 */
export interface ChargesEstimate {
  readonly transactionTax: number;
  readonly transactionTaxType: 'stt';
  readonly exchangeTurnoverCharge: number;
  readonly sebiTurnoverCharge: number;
  readonly brokerage: number;
  readonly stampDuty: number;
  readonly gst: number;
  readonly total: number;
}

export interface ChargesInput {
  readonly instrument: Pick<Instrument, 'type'>;
  readonly product: Product;
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: Paise;
}

interface Rates {
  readonly brokerage: number;
  readonly sttBps: number;
  readonly exchangePpm: number;
  readonly stampBps: number;
}

function ratesFor(model: ChargesModel, input: ChargesInput, turnover: number): Rates {
  const buy = input.side === 'BUY';
  const capped = Math.min((turnover * model.brokerageBps) / 10_000, model.brokerageCapPaise);
  if (input.instrument.type === 'EQ') {
    const delivery = input.product !== 'MIS';
    return {
      brokerage: delivery ? 0 : capped,
      sttBps: delivery ? model.sttDeliveryBps : buy ? 0 : model.sttIntradaySellBps,
      exchangePpm: model.exchangeEquityPpm,
      stampBps: buy ? (delivery ? model.stampDeliveryBps : model.stampIntradayBps) : 0,
    };
  }
  if (isOption(input.instrument.type)) {
    return {
      brokerage: model.optionBrokeragePaise,
      sttBps: buy ? 0 : model.sttOptionsSellBps,
      exchangePpm: model.exchangeOptionsPpm,
      stampBps: buy ? model.stampOptionsBps : 0,
    };
  }
  return {
    brokerage: capped,
    sttBps: buy ? 0 : model.sttFuturesSellBps,
    exchangePpm: model.exchangeFuturesPpm,
    stampBps: buy ? model.stampFuturesBps : 0,
  };
}

export function estimateCharges(model: ChargesModel, input: ChargesInput): ChargesEstimate {
  const turnover = input.price * input.quantity;
  const rates = ratesFor(model, input, turnover);
  const transactionTax = (turnover * rates.sttBps) / 10_000;
  const exchangeTurnoverCharge = (turnover * rates.exchangePpm) / 1_000_000;
  const sebiTurnoverCharge = (turnover * model.sebiPpm) / 1_000_000;
  const stampDuty = (turnover * rates.stampBps) / 10_000;
  const gst =
    ((rates.brokerage + exchangeTurnoverCharge + sebiTurnoverCharge) * model.gstBps) / 10_000;
  return {
    transactionTax,
    transactionTaxType: 'stt',
    exchangeTurnoverCharge,
    sebiTurnoverCharge,
    brokerage: rates.brokerage,
    stampDuty,
    gst,
    total:
      transactionTax +
      exchangeTurnoverCharge +
      sebiTurnoverCharge +
      rates.brokerage +
      stampDuty +
      gst,
  };
}
