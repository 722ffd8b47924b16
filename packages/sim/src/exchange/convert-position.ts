import {
  atIst,
  FLAT_POSITION,
  istDate,
  isTradable,
  ORDER_SIDES,
  PRODUCTS,
  subPaise,
} from '@kavach/domain';
import type { OrderSide, Product } from '@kavach/domain';
import type { SimInstrument } from '../market/market-view';
import { computeAccountMargins, computeBlockedMargin } from './account-margins';
import type { MarginBook } from './account-margins';
import type { ExchangeContext } from './exchange-context';
import type { ConvertResult, ExchangeError } from './exchange-error';
import { formatRupeesFixed } from './format-rupees';
import { squareOffSegment } from './market-session';
import { totalMargin } from './margin-model';
import type { PositionEntry } from './position-book';
import { receiveOpenLot, takeOpenLot } from './position-transfer';
import { VETOES, vetoWith } from './rejection-messages';
import { describeMarginBook } from './required-margin';
import { checkQuantity } from './validate-placement';

/** Kite's `position_type`: today's position, or the one carried from earlier sessions. */
export const POSITION_TYPES = ['day', 'overnight'] as const;
export type PositionType = (typeof POSITION_TYPES)[number];

/**
 * PUT /portfolio/positions in Kite's field names. `transaction_type` names the side of the
 * position (BUY for a long, SELL for a short). Enumerations are typed for callers but checked
 * at run time, as for orders.
 */
export interface ConvertPositionRequest {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transaction_type: OrderSide;
  readonly position_type: PositionType;
  readonly quantity: number;
  readonly old_product: Product;
  readonly new_product: Product;
}

/**
 * The conversions Zerodha offers: intraday and delivery for equity, intraday and carry-forward
 * for F&O, both ways. NRML on equity and CNC on F&O are not products there.
 */
const CONVERTIBLE: Readonly<Record<'equity' | 'derivatives', readonly Product[]>> = {
  equity: ['MIS', 'CNC'],
  derivatives: ['MIS', 'NRML'],
};
const SEGMENT_NAMES = { equity: 'equity', derivatives: 'F&O' } as const;

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return (values as readonly unknown[]).includes(value);
}

function refuse(error: ExchangeError): ConvertResult {
  return { ok: false, error };
}

/** The open units of the requested side: 0 when the position is flat or on the other side. */
function openQuantityOf(entry: PositionEntry | undefined, side: OrderSide): number {
  const net = entry?.position.netQuantity ?? 0;
  return side === 'BUY' ? Math.max(net, 0) : Math.max(-net, 0);
}

/** Checks the request's shape and the conversion rules that need no position. */
function checkRequest(
  context: ExchangeContext,
  request: ConvertPositionRequest,
  instrument: SimInstrument,
  now: number,
): ExchangeError | null {
  if (!isOneOf(ORDER_SIDES, request.transaction_type)) {
    return vetoWith(VETOES.invalidField, 'transaction_type');
  }
  if (!isOneOf(POSITION_TYPES, request.position_type)) {
    return vetoWith(VETOES.invalidField, 'position_type');
  }
  if (!isOneOf(PRODUCTS, request.old_product)) return vetoWith(VETOES.invalidField, 'old_product');
  if (!isOneOf(PRODUCTS, request.new_product)) return vetoWith(VETOES.invalidField, 'new_product');
  if (!Number.isSafeInteger(request.quantity) || request.quantity <= 0) {
    return vetoWith(VETOES.invalidField, 'quantity');
  }
  if (request.old_product === request.new_product) return vetoWith(VETOES.conversionSameProduct);
  const segment = squareOffSegment(instrument.exchange);
  const convertible = CONVERTIBLE[segment];
  if (!convertible.includes(request.old_product) || !convertible.includes(request.new_product)) {
    return vetoWith(
      VETOES.conversionNotAllowed,
      request.old_product,
      request.new_product,
      SEGMENT_NAMES[segment],
    );
  }
  if (!context.session.isOpen(now)) return vetoWith(VETOES.conversionMarketClosed);
  if (request.new_product === 'MIS') {
    const time =
      segment === 'equity' ? context.config.squareOffEquity : context.config.squareOffDerivatives;
    if (now >= atIst(time, istDate(now))) {
      return vetoWith(VETOES.conversionToMisAfterSquareOff, time);
    }
  }
  return checkQuantity(request.quantity, instrument);
}

/**
 * Moves open units of one instrument from one product's position to another's, with their
 * cost, as Kite's position conversion does: the P&L stays whole, margins follow the new
 * product. The simulator keeps no overnight book, so only `day` positions can be converted.
 * Refused when the new product needs more margin than is free.
 */
export function convertPosition(
  context: ExchangeContext,
  request: ConvertPositionRequest,
): ConvertResult {
  const now = context.clock.now();
  const instrument = context.market.instrumentBySymbol(request.exchange, request.tradingsymbol);
  if (instrument === undefined || !isTradable(instrument, istDate(now))) {
    return refuse(vetoWith(VETOES.unknownInstrument));
  }
  const invalid = checkRequest(context, request, instrument, now);
  if (invalid !== null) return refuse(invalid);

  const side = request.transaction_type;
  const source = context.positions.find(instrument.token, request.old_product);
  const open = request.position_type === 'day' ? openQuantityOf(source, side) : 0;
  if (source === undefined || open === 0) {
    return refuse(
      vetoWith(
        VETOES.conversionNoPosition,
        side,
        request.position_type,
        instrument.tradingSymbol,
        request.old_product,
      ),
    );
  }
  if (request.quantity > open) {
    return refuse(vetoWith(VETOES.conversionAboveOpenQuantity, request.quantity, open));
  }
  if (side === 'SELL' && request.new_product === 'CNC') {
    return refuse(vetoWith(VETOES.conversionShortToCnc));
  }

  const taken = takeOpenLot(source.position, request.quantity);
  const target = context.positions.find(instrument.token, request.new_product) ?? {
    ...source,
    product: request.new_product,
    position: FLAT_POSITION,
  };
  const converted: readonly PositionEntry[] = [
    { ...source, position: taken.position },
    { ...target, position: receiveOpenLot(target.position, taken.lot) },
  ];

  const before = describeMarginBook(context);
  const after: MarginBook = {
    ...before,
    positions: [
      ...before.positions.filter(
        (e) =>
          e.instrumentToken !== instrument.token ||
          (e.product !== request.old_product && e.product !== request.new_product),
      ),
      ...converted,
    ],
  };
  const working = context.store.working();
  const required = subPaise(
    totalMargin(computeBlockedMargin(after, working)),
    totalMargin(computeBlockedMargin(before, working)),
  );
  const available = computeAccountMargins(before, context.account.funds, working).net;
  if (required > 0 && required > available) {
    return refuse(
      vetoWith(
        VETOES.insufficientMarginSync,
        formatRupeesFixed(required),
        formatRupeesFixed(available),
      ),
    );
  }

  for (const entry of converted) {
    const { position } = entry;
    // A product left with no trades at all (everything converted away) is no longer shown.
    if (position.buyQuantity === 0 && position.sellQuantity === 0) {
      context.positions.remove(entry.instrumentToken, entry.product);
    } else {
      context.positions.put(entry);
    }
  }
  return { ok: true };
}
