import { createHash, timingSafeEqual } from 'node:crypto';
import type { WireRecord } from './wire-fields';

/** Kite's postback checksum: sha256 hex of order_id + order_timestamp + api_secret. */
export function computePostbackChecksum(
  orderId: string,
  orderTimestamp: string,
  apiSecret: string,
): string {
  return createHash('sha256')
    .update(orderId + orderTimestamp + apiSecret, 'utf8')
    .digest('hex');
}

export type ChecksumCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether a postback body was signed with our api_secret (constant-time comparison). */
export function verifyPostbackChecksum(body: WireRecord, apiSecret: string): ChecksumCheck {
  const { order_id: orderId, order_timestamp: orderTimestamp, checksum } = body;
  if (typeof orderId !== 'string' || orderId === '') {
    return { ok: false, reason: 'postback without order_id' };
  }
  if (typeof orderTimestamp !== 'string') {
    return { ok: false, reason: 'postback without order_timestamp' };
  }
  if (typeof checksum !== 'string') return { ok: false, reason: 'postback without checksum' };
  const expected = Buffer.from(computePostbackChecksum(orderId, orderTimestamp, apiSecret));
  const given = Buffer.from(checksum.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'postback checksum does not match' };
  }
  return { ok: true };
}
