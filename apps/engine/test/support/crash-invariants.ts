import { mapKiteStatus } from '@kavach/domain';
import type { KiteOrder } from '@kavach/sim';

/**
 * What must hold after a crash and one reconciliation, checked against the broker's own book:
 * nothing sent twice, no position without its stop, the engine's record equal to the broker's.
 * Each check returns what is wrong, in words, so a test can wait for none and show the rest.
 */

export interface BrokerPosition {
  readonly tradingsymbol: string;
  readonly product: string;
  readonly quantity: number;
}

export interface BrokerBook {
  readonly orders: readonly KiteOrder[];
  readonly positions: readonly BrokerPosition[];
}

/** An order row the engine stored (its own, never EXTERNAL). */
export interface EngineOrderRow {
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly parentGroup: string | null;
  readonly role: string;
  readonly status: string;
  readonly quantity: number;
  readonly filledQuantity: number;
}

/** An open bracket as GET /status/all shows it. */
export interface EngineBracket {
  readonly instrument: string;
  readonly side: 'BUY' | 'SELL';
  readonly openQuantity: number;
}

const CLOSED_AT_KITE = new Set(['COMPLETE', 'CANCELLED', 'REJECTED']);

const isWorking = (order: KiteOrder) => !CLOSED_AT_KITE.has(order.status);
const isStop = (order: KiteOrder) => order.order_type === 'SL' || order.order_type === 'SL-M';

/** Every tag once at the broker, and at most one entry per bracket, stored or sent. */
export function findSentTwice(book: BrokerBook, rows: readonly EngineOrderRow[]): string[] {
  const problems: string[] = [];
  const tags = book.orders.flatMap((o) => o.tag ?? []);
  for (const tag of new Set(tags)) {
    const count = tags.filter((t) => t === tag).length;
    if (count > 1) problems.push(`tag ${tag} sent ${count} times`);
  }
  const entriesByGroup = new Map<string, number>();
  for (const row of rows) {
    if (row.role !== 'ENTRY' || row.parentGroup === null) continue;
    entriesByGroup.set(row.parentGroup, (entriesByGroup.get(row.parentGroup) ?? 0) + 1);
  }
  for (const [group, count] of entriesByGroup) {
    if (count > 1) problems.push(`bracket ${group} has ${count} entries`);
  }
  return problems;
}

/**
 * Every position at the broker has working stops on the other side for exactly its quantity
 * (more would open the other way when triggered), targets for no more than it, and a flat
 * instrument has nothing working at all. `flat`: the engine was getting out, so every position
 * must be closed too.
 */
export function findUnprotected(book: BrokerBook, flat: boolean): string[] {
  const problems: string[] = [];
  const symbols = new Set([
    ...book.positions.map((p) => p.tradingsymbol),
    ...book.orders.map((o) => o.tradingsymbol),
  ]);
  for (const symbol of symbols) {
    const net = book.positions
      .filter((p) => p.tradingsymbol === symbol)
      .reduce((sum, p) => sum + p.quantity, 0);
    const working = book.orders.filter((o) => o.tradingsymbol === symbol && isWorking(o));
    if (net === 0) {
      if (working.length > 0) {
        problems.push(`${symbol} is flat with ${working.length} orders still working`);
      }
      continue;
    }
    if (flat) problems.push(`${symbol} still holds ${net} after getting out`);
    const exitSide = net > 0 ? 'SELL' : 'BUY';
    const exits = working.filter((o) => o.transaction_type === exitSide);
    const stopQuantity = exits.filter(isStop).reduce((sum, o) => sum + o.pending_quantity, 0);
    const targetQuantity = exits
      .filter((o) => !isStop(o))
      .reduce((sum, o) => sum + o.pending_quantity, 0);
    if (stopQuantity !== Math.abs(net)) {
      problems.push(`${symbol} holds ${net} with stops working for ${stopQuantity}`);
    }
    if (targetQuantity > Math.abs(net)) {
      problems.push(`${symbol} holds ${net} with targets working for ${targetQuantity}`);
    }
    if (working.some((o) => o.transaction_type !== exitSide)) {
      problems.push(`${symbol} holds ${net} with an order working on the entry side`);
    }
  }
  return problems;
}

/**
 * The engine's orders have the broker's status, quantity and fills; what it stored but never
 * sent is closed as such; its open brackets hold what the broker's positions hold.
 */
export function findStateDifferences(
  book: BrokerBook,
  rows: readonly EngineOrderRow[],
  brackets: readonly EngineBracket[],
): string[] {
  const problems: string[] = [];
  const byTag = new Map(rows.map((r) => [r.clientOrderId, r]));
  for (const order of book.orders) {
    const row = order.tag === null ? undefined : byTag.get(order.tag);
    if (row === undefined) {
      problems.push(`broker order ${order.order_id} (tag ${order.tag ?? '-'}) unknown here`);
      continue;
    }
    const mapped = mapKiteStatus({
      status: order.status,
      quantity: order.quantity,
      filledQuantity: order.filled_quantity,
      orderType: order.order_type,
      triggerPrice: order.trigger_price,
    });
    const brokerStatus = mapped.ok ? mapped.status : order.status;
    const engine = `${row.status} ${row.filledQuantity}/${row.quantity}`;
    const broker = `${brokerStatus} ${order.filled_quantity}/${order.quantity}`;
    if (engine !== broker || row.brokerOrderId !== order.order_id) {
      problems.push(`${row.role} ${row.clientOrderId}: engine ${engine}, broker ${broker}`);
    }
  }
  const sentTags = new Set(book.orders.flatMap((o) => o.tag ?? []));
  for (const row of rows) {
    if (sentTags.has(row.clientOrderId)) continue;
    if (row.status !== 'REJECTED' || row.brokerOrderId !== null || row.filledQuantity !== 0) {
      problems.push(
        `${row.role} ${row.clientOrderId} is ${row.status} here, unknown to the broker`,
      );
    }
  }
  const held = new Map<string, number>();
  for (const bracket of brackets) {
    const signed = (bracket.side === 'BUY' ? 1 : -1) * bracket.openQuantity;
    held.set(bracket.instrument, (held.get(bracket.instrument) ?? 0) + signed);
  }
  const symbols = new Set([...held.keys(), ...book.positions.map((p) => p.tradingsymbol)]);
  for (const symbol of symbols) {
    const here = held.get(symbol) ?? 0;
    const there = book.positions
      .filter((p) => p.tradingsymbol === symbol)
      .reduce((sum, p) => sum + p.quantity, 0);
    if (here !== there) problems.push(`${symbol}: engine holds ${here}, broker ${there}`);
  }
  return problems;
}
