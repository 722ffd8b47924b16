import type { OrderStatus } from './order-status';

/**
 * Every status string Kite Connect reports: order book, order history, ticker order updates
 * and postbacks. "UPDATE" only appears in postbacks and ticker updates (a modification or a
 * partial fill); the rest are order-book statuses, several of them transient.
 */
export const KITE_ORDER_STATUSES = [
  'OPEN',
  'COMPLETE',
  'CANCELLED',
  'REJECTED',
  'TRIGGER PENDING',
  'PUT ORDER REQ RECEIVED',
  'VALIDATION PENDING',
  'OPEN PENDING',
  'MODIFY VALIDATION PENDING',
  'MODIFY PENDING',
  'MODIFIED',
  'CANCEL PENDING',
  'AMO REQ RECEIVED',
  'UPDATE',
] as const;
export type KiteOrderStatus = (typeof KITE_ORDER_STATUSES)[number];

/** The fields of a Kite order (order book, update or postback) that decide its status. */
export interface KiteStatusReport {
  readonly status: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  /** Kite's order_type as sent: MARKET, LIMIT, SL, SL-M. */
  readonly orderType: string;
  /** Kite's trigger_price in any unit; only whether it is positive matters. */
  readonly triggerPrice?: number | null;
}

export type KiteStatusError =
  | { readonly code: 'UNKNOWN_STATUS'; readonly raw: string; readonly message: string }
  | { readonly code: 'INVALID_QUANTITY'; readonly raw: string; readonly message: string };

export type KiteStatusResult =
  | { readonly ok: true; readonly status: OrderStatus; readonly kiteStatus: KiteOrderStatus }
  | { readonly ok: false; readonly error: KiteStatusError };

/** Kite's status string as one of the known values, or null; tolerant of case and spacing. */
export function parseKiteStatus(raw: string): KiteOrderStatus | null {
  const normalised = raw.trim().replace(/\s+/g, ' ').toUpperCase();
  return KITE_ORDER_STATUSES.find((s) => s === normalised) ?? null;
}

/**
 * The internal status of a Kite order report. Never throws: an unknown status or impossible
 * quantities come back as a typed error for the adapter to log and raise.
 *
 * Quantities decide what a bare status cannot: a partly filled order stays Kite "OPEN" with
 * filled_quantity > 0; "UPDATE" and "MODIFIED" say only that the order still works (or
 * filled), so the fills and the order type tell which working state it is in.
 */
export function mapKiteStatus(report: KiteStatusReport): KiteStatusResult {
  const kiteStatus = parseKiteStatus(report.status);
  if (kiteStatus === null) {
    return {
      ok: false,
      error: {
        code: 'UNKNOWN_STATUS',
        raw: report.status,
        message: `unknown Kite order status "${report.status}"`,
      },
    };
  }
  const quantityProblem = describeQuantityProblem(report);
  if (quantityProblem !== null) {
    return {
      ok: false,
      error: { code: 'INVALID_QUANTITY', raw: report.status, message: quantityProblem },
    };
  }
  return { ok: true, status: toInternalStatus(kiteStatus, report), kiteStatus };
}

function toInternalStatus(kiteStatus: KiteOrderStatus, report: KiteStatusReport): OrderStatus {
  switch (kiteStatus) {
    case 'COMPLETE':
      return 'FILLED';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'REJECTED':
      return 'REJECTED';
    case 'OPEN':
      return byFills('OPEN', report);
    case 'TRIGGER PENDING':
      return byFills('TRIGGER_PENDING', report);
    case 'PUT ORDER REQ RECEIVED':
    case 'VALIDATION PENDING':
    case 'OPEN PENDING':
    case 'AMO REQ RECEIVED':
      return byFills('SUBMITTED', report);
    case 'MODIFY VALIDATION PENDING':
    case 'MODIFY PENDING':
      return 'MODIFY_PENDING';
    case 'CANCEL PENDING':
      return 'CANCEL_PENDING';
    case 'MODIFIED':
    case 'UPDATE':
      // A stop being modified is far more often waiting for its trigger than triggered; the
      // order machine never lets such a report move a triggered order back.
      return byFills(isStopOrder(report) ? 'TRIGGER_PENDING' : 'OPEN', report);
  }
}

/** Working states are named by what has filled, whatever the bare status says. */
function byFills(unfilled: OrderStatus, report: KiteStatusReport): OrderStatus {
  if (report.filledQuantity === 0) return unfilled;
  return report.filledQuantity >= report.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
}

function isStopOrder(report: KiteStatusReport): boolean {
  const type = report.orderType.trim().toUpperCase();
  if (type === 'SL' || type === 'SL-M') return true;
  return (report.triggerPrice ?? 0) > 0 && type !== 'LIMIT' && type !== 'MARKET';
}

function describeQuantityProblem(report: KiteStatusReport): string | null {
  if (!Number.isSafeInteger(report.quantity) || report.quantity <= 0) {
    return `quantity must be a positive integer, got ${report.quantity}`;
  }
  if (!Number.isSafeInteger(report.filledQuantity) || report.filledQuantity < 0) {
    return `filled quantity must be a non-negative integer, got ${report.filledQuantity}`;
  }
  return null;
}
