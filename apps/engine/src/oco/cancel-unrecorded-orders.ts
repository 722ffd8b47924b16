import type { BrokerOrderReport } from '@kavach/broker';
import type { Logger } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { recordRiskEvent, toJson } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import { isClosedStatus } from '@kavach/domain';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';

/** The engine's tags: "k", a role letter, 18 base-36 characters (client-order-id.ts). */
const ENGINE_TAG = /^k[ESABXH][0-9a-z]{18}$/;

const UNRECORDED =
  'an order of this engine with no record (kept while PostgreSQL was away and lost with the process): cancelled at restart so its bracket places its own';

/**
 * Every order is written before it is sent, except protective orders sent while PostgreSQL
 * was away (ADR 7), whose rows wait in the engine's memory. If that engine died before
 * PostgreSQL came back, the broker holds working orders of ours that no record names, and the
 * restored brackets, not knowing them, would place their stops again: two stops for one
 * position. They are cancelled before the brackets resume. Returns the instruments whose
 * unrecorded orders could not be cancelled: their brackets must not place anything.
 */
export async function cancelUnrecordedOrders(options: {
  readonly prisma: PrismaClient;
  readonly venues: OrderVenues;
  readonly books: ReadonlyMap<OrderVenue, readonly BrokerOrderReport[]>;
  readonly clock: Clock;
  readonly logger: Logger;
}): Promise<{ readonly cancelled: number; readonly stuck: ReadonlySet<number> }> {
  const { prisma, venues, clock, logger } = options;
  let cancelled = 0;
  const stuck = new Set<number>();
  for (const [venue, book] of options.books) {
    for (const report of book) {
      const tag = report.clientOrderId;
      if (tag === null || !ENGINE_TAG.test(tag) || isClosedStatus(report.status)) continue;
      const recorded = await prisma.order.findUnique({
        where: { clientOrderId: tag },
        select: { id: true },
      });
      if (recorded !== null) continue;
      const result = await venues.broker(venue).cancelOrder(report.brokerOrderId);
      if (result.ok) cancelled += 1;
      else stuck.add(report.instrumentToken);
      logger.error(
        { tag, brokerOrderId: report.brokerOrderId, cancelled: result.ok },
        'unrecorded order of this engine found at restart',
      );
      await recordRiskEvent(prisma, {
        kind: 'UNRECORDED_ORDER',
        severity: 'CRITICAL',
        message: result.ok
          ? `${report.tradingSymbol} ${tag}: ${UNRECORDED}`
          : `${report.tradingSymbol} ${tag}: unrecorded order NOT cancelled (${result.error.message}); its bracket places nothing until a person looks`,
        payload: toJson({ tag, brokerOrderId: report.brokerOrderId, venue }),
        correlationId: null,
        at: new Date(clock.now()),
      });
    }
  }
  return { cancelled, stuck };
}
