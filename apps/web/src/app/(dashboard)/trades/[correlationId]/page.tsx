'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { Card, Stat } from '../../../../components/card';
import { Chip } from '../../../../components/chip';
import { KeyValues, QueryStatus } from '../../../../components/query-status';
import { DecisionSummary } from '../../../../components/signals/decision-summary';
import { SignalFeatures } from '../../../../components/signals/signal-features';
import { StoryAudit } from '../../../../components/trades/story-audit';
import { StoryOrders } from '../../../../components/trades/story-orders';
import { StorySlippage } from '../../../../components/trades/story-slippage';
import { StoryTimeline } from '../../../../components/trades/story-timeline';
import { formatPnl, formatPrice, formatRupees, pnlClass } from '../../../../lib/format';
import { useTRPC } from '../../../../lib/trpc';

/** The route segment as typed; a malformed escape is taken as it stands. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default function TradeStoryPage() {
  const params = useParams<{ correlationId: string }>();
  const correlationId = decodeSegment(params.correlationId);
  const trpc = useTRPC();
  const story = useQuery({
    ...trpc.trades.story.queryOptions({ correlationId }),
    refetchInterval: 10_000,
  });
  const data = story.data;
  if (data === undefined) return <QueryStatus error={story.error} />;

  const back = (
    <Link href="/trades" className="inline-flex min-h-11 items-center text-sm text-sky-300">
      ← Trades
    </Link>
  );
  if (!data.found) {
    return (
      <div className="space-y-2">
        {back}
        <p className="text-zinc-400">
          Nothing is stored under <span className="font-mono break-all">{correlationId}</span>.
        </p>
      </div>
    );
  }

  const signal = data.signals[0];
  const trade = data.trades[0];
  const symbol = signal?.tradingSymbol ?? trade?.tradingSymbol ?? data.orders[0]?.tradingSymbol;
  return (
    <div className="space-y-3">
      {back}
      <Card title="Trade story">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <h1 className="text-lg font-semibold">{symbol ?? 'Unknown instrument'}</h1>
          {signal !== undefined && (
            <span className="text-zinc-400">
              {signal.strategy} · {signal.side} @ {formatPrice(signal.entryPrice)}
            </span>
          )}
        </div>
        <p className="font-mono text-xs break-all text-zinc-500">{data.correlationId}</p>
        {trade === undefined ? (
          <p className="mt-2 text-sm text-zinc-400">
            {data.decisions.some((d) => !d.approved)
              ? 'Refused: no trade.'
              : 'No closed trade under this id (still open, or never filled).'}
          </p>
        ) : (
          <div className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat
              label="Net P&L"
              value={formatPnl(trade.netPnl)}
              valueClass={pnlClass(trade.netPnl)}
            />
            <Stat
              label="P&L"
              value={formatPnl(trade.realisedPnl)}
              valueClass={pnlClass(trade.realisedPnl)}
            />
            <Stat label="Fees" value={formatRupees(trade.fees)} />
            <Stat label="Slippage" value={formatRupees(trade.slippage)} />
          </div>
        )}
      </Card>

      <div className="grid gap-3 lg:grid-cols-2">
        <Card title="What happened" className="lg:row-span-2">
          <StoryTimeline events={data.timeline} />
        </Card>

        <Card title="Signal and decision">
          {data.signals.length === 0 && (
            <p className="text-sm text-zinc-500">No signal under this id.</p>
          )}
          {data.signals.map((s) => (
            <div key={s.id} className="space-y-2">
              <p className="text-sm text-zinc-300">
                score {s.score.toFixed(2)}
                {s.rank === null ? '' : ` · rank ${s.rank}`} · stop {formatPrice(s.stopPrice)}
              </p>
              <SignalFeatures signal={s} />
            </div>
          ))}
          {data.decisions.map((d) => (
            <div key={d.id} className="mt-3">
              <h3 className="mb-1 flex items-center gap-2 text-xs font-semibold text-zinc-400">
                Decision
                <Chip tone={d.approved ? 'good' : 'bad'}>
                  {d.approved ? 'approved' : 'refused'}
                </Chip>
              </h3>
              <DecisionSummary decision={d} />
            </div>
          ))}
        </Card>

        <Card title="Config">
          {data.configs.length === 0 ? (
            <p className="text-sm text-zinc-500">No config named.</p>
          ) : (
            <KeyValues
              entries={data.configs.map(
                (c) => [`${c.kind ?? 'unknown'} (${c.usedBy.join(', ')})`, c.sha] as const,
              )}
            />
          )}
        </Card>
      </div>

      <Card title="Orders, with their states and fills">
        <StoryOrders orders={data.orders} />
      </Card>

      <Card title="Slippage and latency">
        <StorySlippage samples={data.slippage} />
      </Card>

      {data.riskEvents.length > 0 && (
        <Card title="Risk events">
          <ul className="space-y-1 text-sm">
            {data.riskEvents.map((r) => (
              <li key={r.id}>
                <Chip tone={r.severity === 'CRITICAL' ? 'bad' : 'warn'}>{r.kind}</Chip>{' '}
                <span className="text-zinc-300">{r.message}</span>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card title="Audit records">
        <StoryAudit records={data.audit} />
      </Card>
    </div>
  );
}
