import { postbackChecksum } from '../kite/checksum';
import type { KiteWire } from '../trading/trading-port';

export interface OrderUpdateIdentity {
  readonly userId: string;
  readonly appId: number;
  readonly apiSecret: string;
}

function readNumber(order: Readonly<Record<string, unknown>>, field: string): number {
  const value = order[field];
  return typeof value === 'number' ? value : 0;
}

/**
 * The postback body, which the ticker also carries as `{"type":"order","data":…}`: the order
 * as in the order book (without `modified`), with the update's status ("UPDATE" for partial
 * fills and modifications), plus user_id, app_id, unfilled_quantity and the checksum Kite
 * computes as sha256(order_id + order_timestamp + api_secret).
 */
export function toOrderUpdatePayload(
  order: KiteWire,
  updateStatus: string,
  identity: OrderUpdateIdentity,
): KiteWire {
  const fields = order as Readonly<Record<string, unknown>>;
  const { modified: _modified, ...rest } = fields;
  const orderId = String(fields.order_id);
  const orderTimestamp = String(fields.order_timestamp);
  return {
    user_id: identity.userId,
    unfilled_quantity: Math.max(
      0,
      readNumber(fields, 'quantity') - readNumber(fields, 'filled_quantity'),
    ),
    app_id: identity.appId,
    checksum: postbackChecksum(orderId, orderTimestamp, identity.apiSecret),
    ...rest,
    status: updateStatus,
  };
}
