import { describe, expect, it } from 'vitest';
import type { BookSnapshot, BrokerOrderView, EngineOrderView } from './reconcile-book';
import { reconcileBook } from './reconcile-book';

const NOW = 1_800_000_000_000;
const INFY = 408065;
const TCS = 2953217;

function engine(overrides: Partial<EngineOrderView> = {}): EngineOrderView {
  return {
    clientOrderId: 'kE1',
    brokerOrderId: '100',
    token: INFY,
    status: 'OPEN',
    quantity: 10,
    filledQuantity: 0,
    lastActivityAt: NOW - 60_000,
    ...overrides,
  };
}

function broker(overrides: Partial<BrokerOrderView> = {}): BrokerOrderView {
  return {
    brokerOrderId: '100',
    clientOrderId: 'kE1',
    token: INFY,
    status: 'OPEN',
    quantity: 10,
    filledQuantity: 0,
    ...overrides,
  };
}

function book(overrides: Partial<BookSnapshot> = {}): BookSnapshot {
  return {
    engineOrders: [engine()],
    brokerOrders: [broker()],
    enginePositions: [],
    brokerPositions: [],
    knownExternal: new Set(),
    now: NOW,
    quietMs: 5_000,
    ...overrides,
  };
}

describe('reconcileBook', () => {
  it('finds nothing when the engine and the broker agree', () => {
    expect(reconcileBook(book())).toEqual([]);
  });

  it('applies a fill the engine missed', () => {
    const found = reconcileBook(
      book({
        brokerOrders: [broker({ status: 'FILLED', filledQuantity: 10 })],
        brokerPositions: [{ token: INFY, quantity: 10 }],
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'MISSING_FILL',
        action: 'APPLY_BROKER_STATE',
        expected: 0,
        actual: 10,
      }),
    ]);
    // Its position is compared on the next run, once the fill is applied.
    expect(
      reconcileBook(
        book({
          engineOrders: [engine({ status: 'FILLED', filledQuantity: 10 })],
          brokerOrders: [broker({ status: 'FILLED', filledQuantity: 10 })],
          enginePositions: [{ token: INFY, quantity: 10 }],
          brokerPositions: [{ token: INFY, quantity: 10 }],
        }),
      ),
    ).toEqual([]);
  });

  it('compares at once an order whose last activity is later than now (the clock went back)', () => {
    const found = reconcileBook(
      book({
        engineOrders: [engine({ lastActivityAt: NOW + 25 * 60_000 })],
        brokerOrders: [],
        enginePositions: [{ token: INFY, quantity: 10 }],
      }),
    );
    expect(found.map((d) => d.kind)).toEqual(['MISSING_AT_BROKER', 'POSITION_MISMATCH']);
    // Recent activity in the past is still left alone.
    expect(
      reconcileBook(
        book({ engineOrders: [engine({ lastActivityAt: NOW - 1_000 })], brokerOrders: [] }),
      ),
    ).toEqual([]);
  });

  it('matches by broker order id when the tag is missing', () => {
    const found = reconcileBook(
      book({ brokerOrders: [broker({ clientOrderId: null, status: 'CANCELLED' })] }),
    );
    expect(found).toMatchObject([
      {
        kind: 'STATUS_MISMATCH',
        action: 'APPLY_BROKER_STATE',
        expected: 'OPEN',
        actual: 'CANCELLED',
      },
    ]);
  });

  it('imports an order it does not know as EXTERNAL, once', () => {
    const manual = broker({ brokerOrderId: '900', clientOrderId: null, token: TCS });
    const first = reconcileBook(book({ brokerOrders: [broker(), manual] }));
    expect(first).toMatchObject([
      { kind: 'UNKNOWN_ORDER', action: 'IMPORT_EXTERNAL', brokerOrderId: '900', token: TCS },
    ]);
    expect(
      reconcileBook(book({ brokerOrders: [broker(), manual], knownExternal: new Set(['900']) })),
    ).toEqual([]);
  });

  it('raises a contradiction it cannot fix: less filled than known, or working again after closing', () => {
    expect(
      reconcileBook(
        book({
          engineOrders: [engine({ filledQuantity: 5, status: 'PARTIALLY_FILLED' })],
          brokerOrders: [broker({ filledQuantity: 3, status: 'PARTIALLY_FILLED' })],
        }),
      ),
    ).toMatchObject([{ kind: 'FILL_REGRESSION', action: 'ALERT', expected: 5, actual: 3 }]);
    expect(reconcileBook(book({ engineOrders: [engine({ status: 'CANCELLED' })] }))).toMatchObject([
      { kind: 'STATUS_MISMATCH', action: 'ALERT', expected: 'CANCELLED', actual: 'OPEN' },
    ]);
  });

  it('takes the acknowledgement and the size from the broker', () => {
    expect(reconcileBook(book({ engineOrders: [engine({ status: 'SUBMITTED' })] }))).toMatchObject([
      {
        kind: 'STATUS_MISMATCH',
        action: 'APPLY_BROKER_STATE',
        expected: 'SUBMITTED',
        actual: 'OPEN',
      },
    ]);
    expect(reconcileBook(book({ brokerOrders: [broker({ quantity: 6 })] }))).toMatchObject([
      { kind: 'QUANTITY_MISMATCH', expected: 10, actual: 6 },
    ]);
  });

  it('watches an order the broker does not show, but never a write-ahead row', () => {
    expect(reconcileBook(book({ brokerOrders: [] }))).toMatchObject([
      { kind: 'MISSING_AT_BROKER', action: 'WATCH', clientOrderId: 'kE1' },
    ]);
    expect(
      reconcileBook(
        book({
          brokerOrders: [],
          engineOrders: [engine({ status: 'PENDING_SUBMIT', brokerOrderId: null })],
        }),
      ),
    ).toEqual([]);
  });

  it('leaves orders and instruments the engine touched in the last five seconds for next time', () => {
    const busy = engine({ lastActivityAt: NOW - 4_999 });
    expect(
      reconcileBook(
        book({
          engineOrders: [busy],
          brokerOrders: [broker({ status: 'FILLED', filledQuantity: 10 })],
          brokerPositions: [{ token: INFY, quantity: 10 }],
        }),
      ),
    ).toEqual([]);
    expect(
      reconcileBook(
        book({
          engineOrders: [engine({ lastActivityAt: NOW - 5_000 })],
          brokerOrders: [broker({ status: 'FILLED', filledQuantity: 10 })],
        }),
      ),
    ).toMatchObject([{ kind: 'MISSING_FILL' }]);
  });

  it('compares net positions per instrument, summing reports and treating absence as flat', () => {
    const found = reconcileBook(
      book({
        enginePositions: [
          { token: INFY, quantity: 10 },
          { token: INFY, quantity: -10 },
          { token: TCS, quantity: 5 },
        ],
        brokerPositions: [
          { token: TCS, quantity: 5 },
          { token: 256265, quantity: -3 },
        ],
      }),
    );
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'POSITION_MISMATCH',
        action: 'BLOCK_ENTRIES',
        token: 256265,
        expected: 0,
        actual: -3,
      }),
    ]);
  });
});
