'use client';

import type { OrderDetailView } from '../../server/read-model/order-blotter';
import { formatIstTime, formatPrice } from '../../lib/format';

/** An order's states, oldest first, and its fills: what the broker said, and when. */
export function OrderDetail({ detail }: { readonly detail: OrderDetailView }) {
  return (
    <div className="grid gap-3 text-xs sm:grid-cols-2">
      <div>
        <h4 className="mb-1 font-semibold text-zinc-400">Status history</h4>
        <ol className="space-y-0.5">
          {detail.history.map((h) => (
            <li key={h.id} className="flex flex-wrap gap-x-2">
              <span className="font-mono text-zinc-500">{formatIstTime(h.at)}</span>
              <span className="text-zinc-200">
                {h.fromStatus === null ? h.toStatus : `${h.fromStatus} → ${h.toStatus}`}
              </span>
              <span className="text-zinc-500">{h.source}</span>
              {h.reason !== null && <span className="text-zinc-400">{h.reason}</span>}
            </li>
          ))}
        </ol>
      </div>
      <div>
        <h4 className="mb-1 font-semibold text-zinc-400">Fills</h4>
        {detail.fills.length === 0 ? (
          <p className="text-zinc-500">No fills.</p>
        ) : (
          <ol className="space-y-0.5">
            {detail.fills.map((f) => (
              <li key={f.id} className="flex flex-wrap gap-x-2">
                <span className="font-mono text-zinc-500">{formatIstTime(f.filledAt)}</span>
                <span className="text-zinc-200">
                  {f.quantity} @ {formatPrice(f.price)}
                </span>
                <span className="text-zinc-500">
                  {f.source} · {f.tradeId}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
