import { toKiteTimestamp, toRupees } from '../kite/wire-format';
import type { GttLegResult, GttOrderSpec, GttRecord } from './gtt-types';

function toKiteResult(
  record: GttRecord,
  spec: GttOrderSpec,
  result: GttLegResult,
  userId: string,
  appId: number,
) {
  return {
    account_id: userId,
    exchange: spec.exchange,
    tradingsymbol: spec.tradingsymbol,
    validity: 'DAY',
    product: spec.product,
    order_type: spec.orderType,
    transaction_type: spec.transactionType,
    quantity: spec.quantity,
    price: toRupees(spec.price),
    // Kite sends this one as a JSON string.
    meta: JSON.stringify({ app_id: appId, gtt: record.id }),
    timestamp: toKiteTimestamp(result.timestamp),
    triggered_at: toRupees(result.triggeredAt),
    order_result: {
      status: result.orderId === null ? 'failed' : 'success',
      order_id: result.orderId ?? '',
      rejection_reason: result.rejectionReason ?? '',
    },
  };
}

/** One trigger as GET /gtt/triggers[/:id] shows it. */
export function toKiteGtt(record: GttRecord, userId: string, appId: number) {
  return {
    id: record.id,
    user_id: userId,
    parent_trigger: null,
    type: record.type,
    created_at: toKiteTimestamp(record.createdAt),
    updated_at: toKiteTimestamp(record.updatedAt),
    expires_at: toKiteTimestamp(record.expiresAt),
    status: record.status,
    condition: {
      exchange: record.condition.exchange,
      last_price: toRupees(record.condition.lastPrice),
      tradingsymbol: record.condition.tradingsymbol,
      trigger_values: record.condition.triggerValues.map(toRupees),
      instrument_token: record.condition.instrumentToken,
    },
    orders: record.orders.map((spec, i) => {
      const result = record.results[i];
      return {
        exchange: spec.exchange,
        tradingsymbol: spec.tradingsymbol,
        product: spec.product,
        order_type: spec.orderType,
        transaction_type: spec.transactionType,
        quantity: spec.quantity,
        price: toRupees(spec.price),
        result:
          result === null || result === undefined
            ? null
            : toKiteResult(record, spec, result, userId, appId),
      };
    }),
    meta: {},
  };
}
