import type { PrismaClient } from '@kavach/db';

export interface OrderView {
  readonly id: string;
  readonly clientOrderId: string;
  readonly brokerOrderId: string | null;
  readonly groupId: string | null;
  readonly role: string;
  readonly tradingSymbol: string;
  readonly token: number;
  readonly side: string;
  readonly orderType: string;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly price: number | null;
  readonly triggerPrice: number | null;
  readonly averagePrice: number | null;
  readonly status: string;
  readonly statusMessage: string | null;
  readonly isExternal: boolean;
  readonly correlationId: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const WORKING = [
  'PENDING_SUBMIT',
  'SUBMITTED',
  'OPEN',
  'TRIGGER_PENDING',
  'PARTIALLY_FILLED',
  'MODIFY_PENDING',
  'CANCEL_PENDING',
] as const;

export type OrderRow = Awaited<ReturnType<typeof findOrders>>[number];

function findOrders(prisma: PrismaClient, where: object, take: number) {
  return prisma.order.findMany({
    where,
    include: { instrument: true },
    orderBy: { createdAt: 'desc' },
    take,
  });
}

export function toOrderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    clientOrderId: row.clientOrderId,
    brokerOrderId: row.brokerOrderId,
    groupId: row.parentGroup,
    role: row.role,
    tradingSymbol: row.instrument.tradingSymbol,
    token: Number(row.instrument.token),
    side: row.side,
    orderType: row.orderType,
    quantity: row.quantity,
    filledQuantity: row.filledQuantity,
    price: row.pricePaise,
    triggerPrice: row.triggerPricePaise,
    averagePrice: row.averagePricePaise,
    status: row.status,
    statusMessage: row.statusMessage,
    isExternal: row.isExternal,
    correlationId: row.correlationId,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}

/** Orders still working at the broker (or on their way there). */
export async function readWorkingOrders(prisma: PrismaClient): Promise<OrderView[]> {
  const rows = await findOrders(prisma, { status: { in: [...WORKING] } }, 500);
  return rows.map(toOrderView);
}

/** The latest orders, newest first (the blotter). */
export async function readRecentOrders(prisma: PrismaClient, take: number): Promise<OrderView[]> {
  const rows = await findOrders(prisma, {}, take);
  return rows.map(toOrderView);
}
