'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useEffect } from 'react';
import { Card, Stat } from '../card';
import { formatIstTime, formatPnl, formatPrice, formatRupees, pnlClass } from '../../lib/format';
import { useLive } from '../../lib/live';
import { livePrice, liveUnrealised } from '../../lib/live-pnl';
import type { OverviewData } from '../../lib/page-data';
import { useTRPC } from '../../lib/trpc';

// Recharts is the largest part of the page's JavaScript: the numbers render first, the chart
// follows, and only once there is a line to draw (nothing is downloaded for an empty chart).
const PnlChart = dynamic(() => import('../pnl-chart').then((module) => module.PnlChart), {
  ssr: false,
  loading: () => <div className="h-40" aria-hidden />,
});

const HEALTH_CLASS = {
  OK: 'text-emerald-400',
  DEGRADED: 'text-amber-300',
  DOWN: 'text-rose-400',
  UNKNOWN: 'text-zinc-500',
} as const;

/**
 * The overview: drawn from the first HTML with what the server read for the page (`initial`,
 * null when it could not), then kept fresh by the query and the live ticks.
 */
export function OverviewView({ initial }: { readonly initial: OverviewData | null }) {
  const trpc = useTRPC();
  const overview = useQuery({
    ...trpc.overview.get.queryOptions(),
    ...(initial === null ? {} : { initialData: initial, initialDataUpdatedAt: initial.readAt }),
  });
  const { ticks, watch } = useLive();
  const data = overview.data;

  const tokens = data?.positions.map((p) => p.token) ?? [];
  const tokenKey = tokens.join(',');
  useEffect(() => {
    watch(tokenKey === '' ? [] : tokenKey.split(',').map(Number));
  }, [tokenKey, watch]);

  if (overview.isError) {
    return (
      <p role="alert" className="text-rose-400">
        {overview.error.message}
      </p>
    );
  }
  if (data === undefined) return <p className="text-zinc-500">Loading…</p>;

  const { status, positions, orders, signals } = data;
  const unrealised = positions.reduce((sum, p) => sum + liveUnrealised(p, ticks), 0);
  const realised = status.risk.realisedPnlToday;
  const total = realised + unrealised;
  const heatPct =
    status.risk.heatLimit > 0
      ? Math.round((status.risk.openRisk / status.risk.heatLimit) * 100)
      : 0;
  const chart = [
    ...data.realised.map((p) => ({ at: p.at, pnl: p.realised })),
    { at: status.now, pnl: total },
  ];

  return (
    <div className="grid gap-3 lg:grid-cols-3">
      <Card title="Today" className="lg:col-span-3">
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat
            label="P&L today"
            value={formatPnl(total)}
            valueClass={pnlClass(total)}
            testId="pnl-today"
          />
          <Stat label="Realised" value={formatPnl(realised)} valueClass={pnlClass(realised)} />
          <Stat
            label="Heat (open risk)"
            value={`${heatPct}% · ${formatRupees(status.risk.openRisk)}`}
            valueClass={heatPct >= 80 ? 'text-amber-300' : ''}
          />
          <Stat
            label="Positions / orders"
            value={`${positions.length} / ${orders.length}`}
            testId="open-positions"
          />
        </div>
        {status.trading.reasons.length > 0 && (
          <p className="mt-2 text-sm text-amber-300">
            {status.trading.reasons.map((r) => r.message).join(' · ')}
          </p>
        )}
        <p className="mt-1 text-xs text-zinc-500">
          {status.nowIst} IST · config {status.configSha.slice(0, 8)}
        </p>
      </Card>

      <Card title="P&L through the day" className="lg:col-span-2">
        {chart.length < 2 ? (
          <p className="py-8 text-center text-sm text-zinc-500">No closed trades yet today.</p>
        ) : (
          <PnlChart points={chart} />
        )}
      </Card>

      <Card title="Health">
        <ul className="space-y-1 text-sm">
          {Object.entries(status.components).map(([name, component]) => (
            <li key={name} className="flex justify-between gap-2">
              <span className="text-zinc-300">{name}</span>
              <span className={HEALTH_CLASS[component.state]} title={component.detail}>
                {component.state}
              </span>
            </li>
          ))}
        </ul>
      </Card>

      <Card title="Open positions" className="lg:col-span-2">
        {positions.length === 0 ? (
          <p className="text-sm text-zinc-500">No open positions.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" aria-label="Open positions">
              <thead className="text-left text-xs text-zinc-400">
                <tr>
                  <th className="py-1 pr-2">Instrument</th>
                  <th className="py-1 pr-2 text-right">Qty</th>
                  <th className="py-1 pr-2 text-right">Avg</th>
                  <th className="py-1 pr-2 text-right">LTP</th>
                  <th className="py-1 text-right">P&L</th>
                </tr>
              </thead>
              <tbody>
                {positions.map((p) => {
                  const pnl = liveUnrealised(p, ticks);
                  return (
                    <tr key={p.id} className="border-t border-zinc-800" data-testid="position-row">
                      <td className="py-1.5 pr-2">{p.tradingSymbol}</td>
                      <td className="py-1.5 pr-2 text-right">{p.netQuantity}</td>
                      <td className="py-1.5 pr-2 text-right">{formatPrice(p.averagePrice)}</td>
                      <td className="py-1.5 pr-2 text-right" data-testid="position-ltp">
                        {formatPrice(livePrice(p, ticks))}
                      </td>
                      <td className={`py-1.5 text-right ${pnlClass(pnl)}`}>{formatPnl(pnl)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Working orders">
        {orders.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing working.</p>
        ) : (
          <ul className="divide-y divide-zinc-800 text-sm">
            {orders.slice(0, 12).map((o) => (
              <li key={o.id} className="flex justify-between gap-2 py-1">
                <span>
                  {o.role} {o.side} {o.tradingSymbol} × {o.quantity}
                </span>
                <span className="text-zinc-400">
                  {o.orderType} {formatPrice(o.triggerPrice ?? o.price)} · {o.status}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card title="Latest signals" className="lg:col-span-3">
        {signals.length === 0 ? (
          <p className="text-sm text-zinc-500">No signals yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-800 text-sm">
            {signals.map((s) => (
              <li key={s.id}>
                <Link
                  href={`/trades/${encodeURIComponent(s.correlationId)}`}
                  className="flex min-h-11 flex-wrap items-center justify-between gap-x-3 py-1 hover:bg-zinc-900"
                  data-testid="signal-story-link"
                >
                  <span>
                    {formatIstTime(s.createdAt)} · {s.strategy} · {s.side} {s.tradingSymbol} @{' '}
                    {formatPrice(s.entryPrice)}
                  </span>
                  <span
                    className={
                      s.approved === true
                        ? 'text-emerald-400'
                        : s.approved === false
                          ? 'text-rose-400'
                          : 'text-zinc-500'
                    }
                  >
                    {s.approved === true
                      ? 'approved'
                      : s.approved === false
                        ? (s.reason ?? 'refused')
                        : 'pending'}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
