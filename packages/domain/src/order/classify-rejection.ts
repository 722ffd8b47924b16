/**
 * Why the broker refused an order, read from Kite's messages (status_message for people,
 * status_message_raw with stable prefixes such as "RMS:Margin Exceeds"), and what that calls
 * for:
 *   MARGIN         not enough funds: alert, never retry (it would fail again);
 *   PRICE          outside the circuit band, off the tick grid, trigger on the wrong side of the
 *                  last price, outside price protection: retry with a fresh price, at most twice;
 *   MARKET_TIMING  the market is closed (or not open for this order): queue for the next session;
 *   QUANTITY       freeze quantity or lot size: the order itself must change, never retried as is;
 *   BLOCKED        RMS blocks (ban list, MIS blocked): alert;
 *   UNKNOWN        anything else: alert and mark the order failed.
 */
export type RejectionReason =
  'MARGIN' | 'PRICE' | 'MARKET_TIMING' | 'QUANTITY' | 'BLOCKED' | 'UNKNOWN';

export type RejectionAction =
  'ALERT_NO_RETRY' | 'RETRY_FRESH_PRICE' | 'QUEUE_NEXT_SESSION' | 'ALERT_FAILED';

export interface RejectionClass {
  readonly reason: RejectionReason;
  readonly action: RejectionAction;
  /** For RETRY_FRESH_PRICE: how many more tries are allowed. */
  readonly maxRetries: number;
}

const RULES: readonly { readonly reason: RejectionReason; readonly pattern: RegExp }[] = [
  { reason: 'MARGIN', pattern: /RMS:Margin Exceeds|insufficient funds|required margin/i },
  { reason: 'BLOCKED', pattern: /RMS:Blocked|RMS:Rule|ban period|blocked for/i },
  {
    reason: 'MARKET_TIMING',
    pattern:
      /markets? (are|is) closed|market orders? (is|are) not allowed (at|during)|after market orders can be placed only/i,
  },
  {
    reason: 'QUANTITY',
    pattern: /maximum quantity|freeze|multiple of the lot size|lot size/i,
  },
  {
    reason: 'PRICE',
    pattern:
      /circuit limit|daily range|multiple of tick size|trigger price for stoploss|price protection|limit price protection/i,
  },
];

const ACTIONS: Readonly<Record<RejectionReason, Omit<RejectionClass, 'reason'>>> = {
  MARGIN: { action: 'ALERT_NO_RETRY', maxRetries: 0 },
  PRICE: { action: 'RETRY_FRESH_PRICE', maxRetries: 2 },
  MARKET_TIMING: { action: 'QUEUE_NEXT_SESSION', maxRetries: 0 },
  QUANTITY: { action: 'ALERT_NO_RETRY', maxRetries: 0 },
  BLOCKED: { action: 'ALERT_NO_RETRY', maxRetries: 0 },
  UNKNOWN: { action: 'ALERT_FAILED', maxRetries: 0 },
};

/** Reads the raw message first (its prefixes are stable), then the one for people. */
export function classifyRejection(
  message: string | null,
  rawMessage: string | null = null,
): RejectionClass {
  for (const text of [rawMessage, message]) {
    if (text === null || text === '') continue;
    const rule = RULES.find((r) => r.pattern.test(text));
    if (rule !== undefined) return { reason: rule.reason, ...ACTIONS[rule.reason] };
  }
  return { reason: 'UNKNOWN', ...ACTIONS.UNKNOWN };
}
