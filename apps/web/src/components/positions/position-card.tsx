'use client';

import Link from 'next/link';
import type { PositionView } from '../../server/read-model/positions';
import { formatIstTime, formatPnl, formatPrice, formatRupees, pnlClass } from '../../lib/format';
import { Chip, statusTone } from '../chip';

function Figure({
  label,
  value,
  className = '',
}: {
  readonly label: string;
  readonly value: string;
  readonly className?: string;
}) {
  return (
    <div className="min-w-0">
      <div className="text-xs text-zinc-500">{label}</div>
      <div className={`truncate text-sm ${className}`}>{value}</div>
    </div>
  );
}

/** One open position: live P&L first, then price, excursions, risk, and its brackets. */
export function PositionCard({
  position,
  livePrice,
  livePnl,
  canTrade,
  onExit,
}: {
  readonly position: PositionView;
  readonly livePrice: number | null;
  readonly livePnl: number;
  readonly canTrade: boolean;
  readonly onExit: () => void;
}) {
  const long = position.netQuantity > 0;
  const exitable = position.groups.length > 0;
  return (
    <article
      className="rounded-lg border border-zinc-800 bg-zinc-900/60 p-3"
      aria-label={`${position.tradingSymbol} position`}
      data-testid="position-card"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold">{position.tradingSymbol}</h2>
          <div className="mt-0.5 flex flex-wrap items-center gap-1 text-xs text-zinc-400">
            <Chip tone={long ? 'good' : 'bad'}>
              {long ? 'LONG' : 'SHORT'} {Math.abs(position.netQuantity)}
            </Chip>
            <span>
              {position.exchange} · {position.product} · since {formatIstTime(position.openedAt)}
            </span>
          </div>
        </div>
        <div className="text-right">
          <div
            className={`text-xl font-semibold whitespace-nowrap ${pnlClass(livePnl)}`}
            data-testid="position-pnl"
          >
            {formatPnl(livePnl)}
          </div>
          <div className="text-xs text-zinc-500">unrealised</div>
        </div>
      </div>

      <div className="mt-3 grid grid-cols-3 gap-2">
        <Figure label="LTP" value={formatPrice(livePrice)} />
        <Figure label="Avg" value={formatPrice(position.averagePrice)} />
        <Figure label="Risk" value={formatRupees(position.risk)} />
        <Figure label="MFE" value={formatPnl(position.mfe)} className="text-emerald-400" />
        <Figure label="MAE" value={formatPnl(position.mae)} className="text-rose-400" />
        <Figure
          label="Realised"
          value={formatPnl(position.realisedPnl)}
          className={pnlClass(position.realisedPnl)}
        />
      </div>

      <ul className="mt-3 space-y-1 text-xs" aria-label="Brackets">
        {position.groups.map((group) => (
          <li key={group.id} className="flex flex-wrap items-center gap-1.5">
            <Chip tone={statusTone(group.state)}>{group.state}</Chip>
            <span className="text-zinc-300">{group.strategy ?? 'no strategy'}</span>
            <span className="text-zinc-500">{group.side}</span>
            {group.linkedGroupId !== null && <Chip tone="info">hedged pair</Chip>}
            <Link
              href={`/trades/${encodeURIComponent(group.correlationId)}`}
              className="ml-auto inline-flex min-h-11 items-center px-1 text-sky-300 hover:underline sm:min-h-0"
            >
              Story →
            </Link>
          </li>
        ))}
        {!exitable && (
          <li className="text-amber-300">
            No open bracket on this instrument: the engine cannot exit it (placed by hand?).
          </li>
        )}
      </ul>

      <button
        type="button"
        onClick={onExit}
        disabled={!canTrade || !exitable}
        title={
          !canTrade
            ? 'Your role cannot exit positions'
            : exitable
              ? `Exit ${position.tradingSymbol} at the market`
              : 'No bracket to exit'
        }
        className="mt-3 min-h-11 w-full rounded-md border border-red-700 font-semibold text-red-300 hover:bg-red-950 disabled:cursor-not-allowed disabled:opacity-40"
      >
        Exit {position.tradingSymbol}
      </button>
    </article>
  );
}
