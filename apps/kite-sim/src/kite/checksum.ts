import { createHash, timingSafeEqual } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** What `POST /session/token` must carry: sha256(api_key + request_token + api_secret). */
export function sessionChecksum(apiKey: string, requestToken: string, apiSecret: string): string {
  return sha256Hex(apiKey + requestToken + apiSecret);
}

/** What a postback carries: sha256(order_id + order_timestamp + api_secret). */
export function postbackChecksum(
  orderId: string,
  orderTimestamp: string,
  apiSecret: string,
): string {
  return sha256Hex(orderId + orderTimestamp + apiSecret);
}

/** Constant-time comparison, so a checksum cannot be guessed byte by byte from timings. */
export function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a.toLowerCase(), 'utf8');
  const right = Buffer.from(b.toLowerCase(), 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
