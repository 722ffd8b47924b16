import { addPaise, isOption, mulPaise, percentOfPaise, ZERO_PAISE } from '@kavach/domain';
import type { Instrument, OrderSide, Paise, Product } from '@kavach/domain';
import type { MarginModel } from './exchange-config';

/**
 * Margin split the way Kite reports it. `equity` is the cash-segment margin (VaR + ELM in
 * Kite's order margins, shown as `var`); the account view files it under exposure.
 */
export interface MarginComponents {
  readonly span: Paise;
  readonly exposure: Paise;
  readonly optionPremium: Paise;
  readonly equity: Paise;
}

export const NO_MARGIN: MarginComponents = {
  span: ZERO_PAISE,
  exposure: ZERO_PAISE,
  optionPremium: ZERO_PAISE,
  equity: ZERO_PAISE,
};

export function totalMargin(m: MarginComponents): Paise {
  return addPaise(m.span, m.exposure, m.optionPremium, m.equity);
}

export function addMargins(a: MarginComponents, b: MarginComponents): MarginComponents {
  return {
    span: addPaise(a.span, b.span),
    exposure: addPaise(a.exposure, b.exposure),
    optionPremium: addPaise(a.optionPremium, b.optionPremium),
    equity: addPaise(a.equity, b.equity),
  };
}

export interface MarginInput {
  readonly instrument: Pick<Instrument, 'type' | 'strike'>;
  readonly product: Product;
  readonly side: OrderSide;
  readonly quantity: number;
  /** The instrument's price: the order's limit, or the last price. */
  readonly price: Paise;
  /** The underlying's last price, for short options; null falls back to the strike. */
  readonly underlyingPrice: Paise | null;
}

/** Leverage Kite reports for a product: 5× on MIS equity under the default model. */
export function computeLeverage(
  model: MarginModel,
  input: Pick<MarginInput, 'instrument' | 'product'>,
): number {
  return input.instrument.type === 'EQ' && input.product === 'MIS'
    ? 10_000 / model.misEquityBps
    : 1;
}

/** The margin `quantity` units on one side would block under the model (see MarginModel). */
export function computeMargin(model: MarginModel, input: MarginInput): MarginComponents {
  const { instrument, quantity } = input;
  if (quantity <= 0) return NO_MARGIN;
  const notional = mulPaise(input.price, quantity);
  if (instrument.type === 'EQ') {
    const equity =
      input.product === 'MIS' ? percentOfPaise(notional, model.misEquityBps) : notional;
    return { ...NO_MARGIN, equity };
  }
  if (instrument.type === 'FUT') {
    return {
      ...NO_MARGIN,
      span: percentOfPaise(notional, model.futuresSpanBps),
      exposure: percentOfPaise(notional, model.futuresExposureBps),
    };
  }
  if (isOption(instrument.type)) {
    if (input.side === 'BUY') return { ...NO_MARGIN, optionPremium: notional };
    const underlying = input.underlyingPrice ?? instrument.strike ?? input.price;
    const underlyingNotional = mulPaise(underlying, quantity);
    return {
      ...NO_MARGIN,
      span: percentOfPaise(underlyingNotional, model.optionShortSpanBps),
      exposure: percentOfPaise(underlyingNotional, model.optionShortExposureBps),
    };
  }
  return NO_MARGIN;
}
