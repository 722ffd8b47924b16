import { isWorkingStatus } from '@kavach/domain';
import type { Instrument, OrderStatus } from '@kavach/domain';
import type {
  Broker,
  BrokerOrderReport,
  BrokerPositionReport,
  BrokerResult,
  OrderReportSource,
  PlacedOrder,
} from '../broker';
import type { BrokerLogger } from './broker-logger';
import type { KiteRest } from './kite-rest';
import { toBrokerFillReport } from './map-fill-report';
import { toBrokerOrderReport } from './map-order-report';
import { toBrokerPositionReport } from './map-position-report';
import type { MapResult } from './map-result';
import { parseInstruments } from './parse-instruments';
import type { SessionState } from './session-state';
import { toKiteModifyParams, toKitePlaceParams } from './to-kite-params';
import type { KiteParams } from './to-kite-params';
import { isWireRecord, readId, readString } from './wire-fields';

export type KiteRestApi = Pick<
  Broker,
  | 'placeOrder'
  | 'modifyOrder'
  | 'cancelOrder'
  | 'cancelAllOrders'
  | 'getOrders'
  | 'getTrades'
  | 'getOrderTrades'
  | 'getPositions'
  | 'getInstruments'
>;

export interface KiteRestApiOptions {
  readonly rest: KiteRest;
  readonly session: SessionState;
  readonly defaultMarketProtection: number;
  readonly logger: BrokerLogger;
  /** An unreadable order or trade in a list: skipped, and reported here. */
  readonly onInvalid: (source: OrderReportSource, message: string) => void;
}

/** We place only regular orders; others (amo, co, iceberg) are cancelled with their variety. */
const REGULAR = 'regular';

function toPlacedOrder(raw: unknown): MapResult<PlacedOrder> {
  const orderId = isWireRecord(raw) ? readId(raw, 'order_id') : undefined;
  if (orderId === undefined) return { ok: false, message: 'answer without order_id' };
  return { ok: true, value: { brokerOrderId: orderId } };
}

/** A list answer: readable entries mapped, unreadable ones skipped and reported. */
function mapList<T>(
  raw: unknown,
  mapOne: (entry: unknown) => MapResult<T>,
  onInvalid: (message: string) => void,
): MapResult<readonly T[]> {
  if (!Array.isArray(raw)) return { ok: false, message: 'expected a list' };
  const values: T[] = [];
  for (const entry of raw as unknown[]) {
    const mapped = mapOne(entry);
    if (mapped.ok) values.push(mapped.value);
    else onInvalid(mapped.message);
  }
  return { ok: true, value: values };
}

/** Still able to fill, so a flatten must cancel it (a CANCEL PENDING order needs nothing). */
function isCancellable(status: OrderStatus): boolean {
  return isWorkingStatus(status) || status === 'MODIFY_PENDING';
}

interface BookEntry {
  readonly report: BrokerOrderReport;
  readonly variety: string;
}

/** Kite's REST surface behind the port: translation in, rate limits, classification out. */
export function createKiteRestApi(options: KiteRestApiOptions): KiteRestApi {
  const { rest, session, logger } = options;

  const sessionDead = <T>(): BrokerResult<T> => ({
    ok: false,
    error: {
      kind: 'FATAL',
      code: 'TokenException',
      message: 'Kite session expired: waiting for a new access token',
      httpStatus: null,
    },
  });

  /** Writes fail fast once the session is known dead; every answer may reveal that it is. */
  const guarded = async <T>(
    mutating: boolean,
    run: () => Promise<BrokerResult<T>>,
  ): Promise<BrokerResult<T>> => {
    if (mutating && session.isExpired()) return sessionDead();
    const sentUnder = session.generation();
    const result = await run();
    if (!result.ok && result.error.code === 'TokenException') {
      session.expire(result.error.message, sentUnder);
    }
    return result;
  };

  const cancelWithVariety = (variety: string, brokerOrderId: string) =>
    guarded(true, () =>
      rest.call(
        { rateClass: 'orders', operation: 'CANCEL' },
        (client) => client.cancelOrder(variety as never, brokerOrderId),
        toPlacedOrder,
      ),
    );

  const fetchBook = (): Promise<BrokerResult<readonly BookEntry[]>> =>
    guarded(false, () =>
      rest.call(
        { rateClass: 'other', operation: 'READ' },
        (client) => client.getOrders(),
        (raw) =>
          mapList<BookEntry>(
            raw,
            (entry) => {
              const mapped = toBrokerOrderReport(entry);
              if (!mapped.ok) return mapped;
              const variety = isWireRecord(entry) ? readString(entry, 'variety') : undefined;
              return { ok: true, value: { report: mapped.value, variety: variety ?? REGULAR } };
            },
            (message) => {
              options.onInvalid('POLL', message);
            },
          ),
      ),
    );

  const fills = (invoke: Parameters<KiteRest['call']>[1]) =>
    guarded(false, () =>
      rest.call({ rateClass: 'other', operation: 'READ' }, invoke, (raw) =>
        mapList(raw, toBrokerFillReport, (message) => {
          logger.error({ message }, 'unreadable Kite trade skipped');
        }),
      ),
    );

  return {
    placeOrder: (command) => {
      const params = toKitePlaceParams(command, options.defaultMarketProtection);
      return guarded(true, () =>
        rest.call(
          { rateClass: 'orders', operation: 'PLACE' },
          (client) => client.placeOrder(REGULAR, params as never),
          toPlacedOrder,
        ),
      );
    },
    modifyOrder: (brokerOrderId, command) => {
      const params: KiteParams = toKiteModifyParams(command, options.defaultMarketProtection);
      return guarded(true, () =>
        rest.call(
          { rateClass: 'orders', operation: 'MODIFY' },
          (client) => client.modifyOrder(REGULAR, brokerOrderId, params as never),
          toPlacedOrder,
        ),
      );
    },
    cancelOrder: (brokerOrderId) => cancelWithVariety(REGULAR, brokerOrderId),
    cancelAllOrders: async () => {
      const book = await fetchBook();
      if (!book.ok) return book;
      const working = book.value.filter((entry) => isCancellable(entry.report.status));
      // Concurrent, yet within the order rate limit; Promise.all keeps book order.
      const results = await Promise.all(
        working.map(async ({ report, variety }) => ({
          brokerOrderId: report.brokerOrderId,
          result: await cancelWithVariety(variety, report.brokerOrderId),
        })),
      );
      return { ok: true, value: results };
    },
    getOrders: async () => {
      const book = await fetchBook();
      return book.ok ? { ok: true, value: book.value.map((entry) => entry.report) } : book;
    },
    getTrades: () => fills((client) => client.getTrades()),
    getOrderTrades: (brokerOrderId) => fills((client) => client.getOrderTrades(brokerOrderId)),
    getPositions: () =>
      guarded(false, () =>
        rest.call(
          { rateClass: 'other', operation: 'READ' },
          (client) => client.getPositions(),
          (raw): MapResult<readonly BrokerPositionReport[]> => {
            const day = isWireRecord(raw) ? raw.day : undefined;
            return mapList(day, toBrokerPositionReport, (message) => {
              logger.error({ message }, 'unreadable Kite position skipped');
            });
          },
        ),
      ),
    getInstruments: () =>
      guarded(false, () =>
        rest.call(
          { rateClass: 'other', operation: 'READ' },
          (client) => client.getInstruments(),
          (raw): MapResult<readonly Instrument[]> => {
            const parsed = parseInstruments(raw);
            if (parsed === null) return { ok: false, message: 'instrument dump is not CSV' };
            logger.info(
              {
                instruments: parsed.instruments.length,
                blank: parsed.blank,
                unsupported: parsed.unsupported,
                malformed: parsed.malformedCount,
              },
              'instrument dump read',
            );
            if (parsed.malformedCount > 0) {
              logger.warn({ examples: parsed.malformed }, 'malformed instrument rows skipped');
            }
            return { ok: true, value: parsed.instruments };
          },
        ),
      ),
  };
}
