import Link from 'next/link';
import type { TradeView } from '../../server/read-model/trades';
import {
  formatIstDateTime,
  formatPnl,
  formatPrice,
  formatRupees,
  pnlClass,
} from '../../lib/format';

/** One closed trade: net P&L first, then how it got there; the row opens its story. */
export function TradeRow({ trade }: { readonly trade: TradeView }) {
  return (
    <li data-testid="trade-row">
      <Link
        href={`/trades/${encodeURIComponent(trade.correlationId)}`}
        className="flex min-h-11 flex-col gap-0.5 py-2 hover:bg-zinc-900"
      >
        <span className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-semibold">{trade.tradingSymbol}</span>
          <span className={trade.side === 'BUY' ? 'text-emerald-300' : 'text-rose-300'}>
            {trade.side} {trade.quantity}
          </span>
          <span className="text-sm text-zinc-400">{trade.strategy ?? 'no strategy'}</span>
          <span className={`ml-auto text-lg font-semibold ${pnlClass(trade.netPnl)}`}>
            {formatPnl(trade.netPnl)}
          </span>
        </span>
        <span className="flex flex-wrap gap-x-3 text-xs text-zinc-400">
          <span>closed {formatIstDateTime(trade.closedAt)}</span>
          <span>
            {formatPrice(trade.entryAveragePrice)} → {formatPrice(trade.exitAveragePrice)}
          </span>
          <span className={pnlClass(trade.realisedPnl)}>P&L {formatPnl(trade.realisedPnl)}</span>
          <span>fees {formatRupees(trade.fees)}</span>
          <span>slippage {formatRupees(trade.slippage)}</span>
        </span>
      </Link>
    </li>
  );
}
