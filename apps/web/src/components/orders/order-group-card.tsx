'use client';

import Link from 'next/link';
import type { OrderGroupView } from '../../server/read-model/order-blotter';
import { formatIstDateTime } from '../../lib/format';
import { Chip, statusTone } from '../chip';
import { OrderLine } from './order-line';

const KIND_LABEL = { BRACKET: null, EXTERNAL: 'External', UNGROUPED: 'No bracket' } as const;

/** A bracket (entry, stop, targets, exits) or a lone order, as one block of the blotter. */
export function OrderGroupCard({ group }: { readonly group: OrderGroupView }) {
  const kindLabel = KIND_LABEL[group.kind];
  return (
    <article
      className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-3"
      aria-label={`${group.tradingSymbol} ${group.kind === 'BRACKET' ? 'bracket' : 'order'}`}
      data-testid="order-group"
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h2 className="font-semibold">{group.tradingSymbol}</h2>
        <span className={group.side === 'BUY' ? 'text-emerald-300' : 'text-rose-300'}>
          {group.side}
        </span>
        {kindLabel !== null && <Chip tone="warn">{kindLabel}</Chip>}
        <Chip tone={statusTone(group.state)}>{group.state}</Chip>
        {group.strategy !== null && <span className="text-sm text-zinc-400">{group.strategy}</span>}
        <span className="ml-auto text-xs text-zinc-500">{formatIstDateTime(group.createdAt)}</span>
      </header>
      {group.kind === 'BRACKET' && (
        <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-400">
          <span>
            entry {group.entryFilledQuantity}/{group.plannedQuantity} · out{' '}
            {group.exitFilledQuantity}
          </span>
          {group.venue !== null && <span>{group.venue}</span>}
          {group.closedAt !== null && <span>closed {formatIstDateTime(group.closedAt)}</span>}
          <Link
            href={`/trades/${encodeURIComponent(group.correlationId)}`}
            className="text-sky-300 hover:underline"
          >
            Story →
          </Link>
        </p>
      )}
      <ul className="mt-1 divide-y divide-zinc-800">
        {group.orders.map((order) => (
          <OrderLine key={order.id} order={order} />
        ))}
        {group.orders.length === 0 && (
          <li className="py-1 text-sm text-zinc-500">No orders written yet.</li>
        )}
      </ul>
    </article>
  );
}
