'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { OrderView } from '../../server/read-model/orders';
import { formatIstTime, formatPrice } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { Chip, statusTone } from '../chip';
import { OrderDetail } from './order-detail';

function LoadedDetail({ orderId }: { readonly orderId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.orders.detail.queryOptions({ orderId }));
  if (detail.data === undefined) {
    return (
      <p className={detail.isError ? 'text-xs text-rose-400' : 'text-xs text-zinc-500'}>
        {detail.isError ? detail.error.message : 'Loading…'}
      </p>
    );
  }
  return <OrderDetail detail={detail.data} />;
}

/** The price an order works at, as Kite shows it: trigger for stops, limit otherwise. */
export function workingPrice(order: OrderView): string {
  if (order.triggerPrice !== null && order.price !== null) {
    return `${formatPrice(order.triggerPrice)} → ${formatPrice(order.price)}`;
  }
  if (order.triggerPrice !== null) return `trg ${formatPrice(order.triggerPrice)}`;
  return order.orderType === 'MARKET' ? 'MKT' : formatPrice(order.price);
}

/**
 * One order: role, side, quantity and status first; its history and fills when expanded
 * (read then, or given when the page has them already).
 */
export function OrderLine({
  order,
  detail,
}: {
  readonly order: OrderView;
  /** Shown instead of a fetch when given (the trade story has it). */
  readonly detail?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <li className="py-1.5" data-testid="order-line">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
        className="flex min-h-11 w-full flex-wrap items-center gap-x-2 gap-y-0.5 text-left text-sm"
      >
        <Chip tone={order.role === 'EXTERNAL' ? 'warn' : 'muted'}>{order.role}</Chip>
        <span className={order.side === 'BUY' ? 'text-emerald-300' : 'text-rose-300'}>
          {order.side}
        </span>
        <span className="text-zinc-300">
          {order.filledQuantity}/{order.quantity}
        </span>
        <span className="text-zinc-400">
          {order.orderType} {workingPrice(order)}
        </span>
        {order.averagePrice !== null && (
          <span className="text-zinc-400">avg {formatPrice(order.averagePrice)}</span>
        )}
        <span className="ml-auto flex items-center gap-2">
          <span className="font-mono text-xs text-zinc-500">{formatIstTime(order.createdAt)}</span>
          <Chip tone={statusTone(order.status)} title={order.statusMessage ?? undefined}>
            {order.status}
          </Chip>
          <span aria-hidden className="text-zinc-500">
            {open ? '▾' : '▸'}
          </span>
        </span>
      </button>
      {open && (
        <div className="mt-1 rounded border border-zinc-800 bg-zinc-950/60 p-2">
          {order.statusMessage !== null && (
            <p className="mb-1 text-xs text-zinc-400">{order.statusMessage}</p>
          )}
          <p className="mb-1 font-mono text-xs break-all text-zinc-500">
            {order.clientOrderId}
            {order.brokerOrderId === null ? '' : ` · broker ${order.brokerOrderId}`}
          </p>
          {detail ?? <LoadedDetail orderId={order.id} />}
        </div>
      )}
    </li>
  );
}
