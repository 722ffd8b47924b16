import type { OrderMarginRecord } from './order-margins';

/** One row of Kite's POST /margins/orders answer. */
export interface KiteOrderMargin {
  readonly type: string;
  readonly tradingsymbol: string;
  readonly exchange: string;
  readonly span: number;
  readonly exposure: number;
  readonly option_premium: number;
  readonly additional: number;
  readonly bo: number;
  readonly cash: number;
  readonly var: number;
  readonly pnl: { readonly realised: number; readonly unrealised: number };
  readonly leverage: number;
  readonly charges: {
    readonly transaction_tax: number;
    readonly transaction_tax_type: string;
    readonly exchange_turnover_charge: number;
    readonly sebi_turnover_charge: number;
    readonly brokerage: number;
    readonly stamp_duty: number;
    readonly gst: {
      readonly igst: number;
      readonly cgst: number;
      readonly sgst: number;
      readonly total: number;
    };
    readonly total: number;
  };
  readonly total: number;
}

const rupees = (amountPaise: number): number => amountPaise / 100;

export function toKiteOrderMargin(m: OrderMarginRecord): KiteOrderMargin {
  const { charges } = m;
  return {
    type: m.type,
    tradingsymbol: m.tradingSymbol,
    exchange: m.exchange,
    span: rupees(m.span),
    exposure: rupees(m.exposure),
    option_premium: rupees(m.optionPremium),
    additional: rupees(m.additional),
    bo: rupees(m.bo),
    cash: rupees(m.cash),
    var: rupees(m.var),
    pnl: { realised: rupees(m.pnl.realised), unrealised: rupees(m.pnl.unrealised) },
    leverage: m.leverage,
    charges: {
      transaction_tax: rupees(charges.transactionTax),
      transaction_tax_type: charges.transactionTaxType,
      exchange_turnover_charge: rupees(charges.exchangeTurnoverCharge),
      sebi_turnover_charge: rupees(charges.sebiTurnoverCharge),
      brokerage: rupees(charges.brokerage),
      stamp_duty: rupees(charges.stampDuty),
      // Kite's sample books all GST as IGST; the simulator has no state to split it by.
      gst: { igst: rupees(charges.gst), cgst: 0, sgst: 0, total: rupees(charges.gst) },
      total: rupees(charges.total),
    },
    total: rupees(m.total),
  };
}
