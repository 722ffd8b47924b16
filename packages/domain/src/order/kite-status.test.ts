import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KITE_ORDER_STATUSES, mapKiteStatus, parseKiteStatus } from './kite-status';
import type { KiteOrderStatus, KiteStatusReport } from './kite-status';
import type { OrderStatus } from './order-status';

function report(status: string, fields: Partial<KiteStatusReport> = {}): KiteStatusReport {
  return { status, quantity: 75, filledQuantity: 0, orderType: 'LIMIT', ...fields };
}

function statusOf(r: KiteStatusReport): OrderStatus {
  const result = mapKiteStatus(r);
  if (!result.ok) throw new Error(result.error.message);
  return result.status;
}

/** Unfilled LIMIT, unfilled SL, partly filled LIMIT, fully filled LIMIT. */
const EXPECTED: Record<
  KiteOrderStatus,
  readonly [OrderStatus, OrderStatus, OrderStatus, OrderStatus]
> = {
  OPEN: ['OPEN', 'OPEN', 'PARTIALLY_FILLED', 'FILLED'],
  COMPLETE: ['FILLED', 'FILLED', 'FILLED', 'FILLED'],
  CANCELLED: ['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED'],
  REJECTED: ['REJECTED', 'REJECTED', 'REJECTED', 'REJECTED'],
  'TRIGGER PENDING': ['TRIGGER_PENDING', 'TRIGGER_PENDING', 'PARTIALLY_FILLED', 'FILLED'],
  'PUT ORDER REQ RECEIVED': ['SUBMITTED', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED'],
  'VALIDATION PENDING': ['SUBMITTED', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED'],
  'OPEN PENDING': ['SUBMITTED', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED'],
  'AMO REQ RECEIVED': ['SUBMITTED', 'SUBMITTED', 'PARTIALLY_FILLED', 'FILLED'],
  'MODIFY VALIDATION PENDING': [
    'MODIFY_PENDING',
    'MODIFY_PENDING',
    'MODIFY_PENDING',
    'MODIFY_PENDING',
  ],
  'MODIFY PENDING': ['MODIFY_PENDING', 'MODIFY_PENDING', 'MODIFY_PENDING', 'MODIFY_PENDING'],
  'CANCEL PENDING': ['CANCEL_PENDING', 'CANCEL_PENDING', 'CANCEL_PENDING', 'CANCEL_PENDING'],
  MODIFIED: ['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED', 'FILLED'],
  UPDATE: ['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED', 'FILLED'],
};

describe('mapKiteStatus', () => {
  it('has an expectation for every Kite status, and no more', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...KITE_ORDER_STATUSES].sort());
  });

  describe.each(KITE_ORDER_STATUSES.map((s) => [s] as const))('%s', (kiteStatus) => {
    const [unfilled, unfilledStop, partly, fully] = EXPECTED[kiteStatus];

    it('maps an unfilled LIMIT order', () => {
      expect(statusOf(report(kiteStatus))).toBe(unfilled);
    });

    it('maps an unfilled SL order', () => {
      expect(statusOf(report(kiteStatus, { orderType: 'SL', triggerPrice: 101.5 }))).toBe(
        unfilledStop,
      );
    });

    it('maps a partly filled order', () => {
      expect(statusOf(report(kiteStatus, { filledQuantity: 25 }))).toBe(partly);
    });

    it('maps a fully filled order', () => {
      expect(statusOf(report(kiteStatus, { filledQuantity: 75 }))).toBe(fully);
    });

    it('returns the parsed Kite status', () => {
      const result = mapKiteStatus(report(kiteStatus));
      expect(result.ok && result.kiteStatus).toBe(kiteStatus);
    });
  });

  it('keeps a partly filled order that Kite still calls OPEN working', () => {
    expect(statusOf(report('OPEN', { quantity: 150, filledQuantity: 75 }))).toBe(
      'PARTIALLY_FILLED',
    );
  });

  it('reads an UPDATE without fills on an SL-M order as still waiting for its trigger', () => {
    expect(statusOf(report('UPDATE', { orderType: 'SL-M', triggerPrice: 99 }))).toBe(
      'TRIGGER_PENDING',
    );
  });

  it('uses the trigger price when the order type is unrecognised', () => {
    expect(statusOf(report('MODIFIED', { orderType: '', triggerPrice: 99 }))).toBe(
      'TRIGGER_PENDING',
    );
    expect(statusOf(report('MODIFIED', { orderType: '', triggerPrice: 0 }))).toBe('OPEN');
  });

  it('ignores a stray trigger price on a LIMIT order', () => {
    expect(statusOf(report('UPDATE', { orderType: 'LIMIT', triggerPrice: 99 }))).toBe('OPEN');
  });

  it('keeps CANCELLED for a cancelled order with a partial fill (the fill lives in the quantity)', () => {
    expect(statusOf(report('CANCELLED', { filledQuantity: 25 }))).toBe('CANCELLED');
  });

  it('tolerates case and spacing differences', () => {
    expect(statusOf(report('  trigger   pending '))).toBe('TRIGGER_PENDING');
    expect(parseKiteStatus('complete')).toBe('COMPLETE');
  });

  it('returns UNKNOWN_STATUS for a status it does not know', () => {
    const result = mapKiteStatus(report('TRIGGERED'));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_STATUS', raw: 'TRIGGERED' },
    });
    expect(result.ok ? '' : result.error.message).toContain('TRIGGERED');
  });

  it('returns INVALID_QUANTITY for impossible quantities', () => {
    for (const bad of [
      { quantity: 0 },
      { quantity: 1.5 },
      { filledQuantity: -1 },
      { filledQuantity: Number.NaN },
    ]) {
      const result = mapKiteStatus(report('OPEN', bad));
      expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_QUANTITY');
    }
  });

  it('never throws on any venue input', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom(...KITE_ORDER_STATUSES)),
        fc.oneof(fc.integer(), fc.double()),
        fc.oneof(fc.integer(), fc.double()),
        fc.string(),
        fc.option(fc.double(), { nil: undefined }),
        (status, quantity, filledQuantity, orderType, triggerPrice) => {
          const result = mapKiteStatus({
            status,
            quantity,
            filledQuantity,
            orderType,
            triggerPrice,
          });
          if (result.ok) expect(KITE_ORDER_STATUSES).toContain(result.kiteStatus);
          else expect(['UNKNOWN_STATUS', 'INVALID_QUANTITY']).toContain(result.error.code);
        },
      ),
      { numRuns: 500 },
    );
  });
});
