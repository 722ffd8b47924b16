'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, Stat } from '../../../components/card';
import { Chip } from '../../../components/chip';
import type { ChipTone } from '../../../components/chip';
import { JsonDetails } from '../../../components/control/json-details';
import { Segmented } from '../../../components/control/segmented';
import { UsageBar } from '../../../components/control/usage-bar';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { formatIstDateTime, formatPnl, formatRupees, pnlClass } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

const SEVERITY_TONE: Record<'INFO' | 'WARNING' | 'CRITICAL', ChipTone> = {
  INFO: 'info',
  WARNING: 'warn',
  CRITICAL: 'bad',
};

type StatusFilter = 'ALL' | 'OPEN' | 'RESOLVED';
type SeverityFilter = 'ANY' | 'INFO' | 'WARNING' | 'CRITICAL';

function Limits() {
  const trpc = useTRPC();
  const risk = useQuery({ ...trpc.risk.status.queryOptions(), refetchInterval: 5_000 });
  const data = risk.data;
  if (data === undefined) return <QueryStatus error={risk.error} />;
  const { limits, usage } = data;
  return (
    <div className="space-y-4">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Trading" value={data.tradingState} testId="risk-trading-state" />
        <Stat
          label="P&L today"
          value={formatPnl(usage.pnlToday)}
          valueClass={pnlClass(usage.pnlToday)}
        />
        <Stat label="Capital" value={formatRupees(limits.capital)} />
        <Stat
          label="Entries"
          value={data.entriesAllowed ? 'allowed' : 'closed (time)'}
          valueClass={data.entriesAllowed ? '' : 'text-amber-300'}
        />
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <UsageBar
          label="Heat (open risk)"
          used={formatRupees(usage.openRisk)}
          limit={formatRupees(limits.heatLimit)}
          share={usage.heatUsed}
          testId="heat-usage"
        />
        <UsageBar
          label="Daily loss"
          used={formatRupees(usage.dailyLoss)}
          limit={formatRupees(limits.dailyLossLimit)}
          share={usage.dailyLossUsed}
          testId="daily-loss-usage"
        />
        <UsageBar
          label="Open positions"
          used={String(usage.openPositions)}
          limit={String(limits.maxOpenPositions)}
          share={usage.positionsUsed}
          testId="positions-usage"
        />
      </div>
      <p className="text-xs text-zinc-500">{usage.workingOrders} working orders</p>
      {data.halt !== null && (
        <p className="text-sm text-rose-300">
          HALTED at {formatIstDateTime(data.halt.at)}: {data.halt.reason}
        </p>
      )}
      {data.pauseReasons.length > 0 && (
        <ul className="space-y-1 text-sm text-amber-300" aria-label="Why entries are paused">
          {data.pauseReasons.map((reason) => (
            <li key={reason.code}>
              <span className="font-mono">{reason.code}</span>: {reason.message}
            </li>
          ))}
        </ul>
      )}
      {risk.isError && (
        <p role="alert" className="text-sm text-amber-300">
          Not refreshed: {risk.error.message}
        </p>
      )}
    </div>
  );
}

function RiskEvents() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<StatusFilter>('ALL');
  const [severity, setSeverity] = useState<SeverityFilter>('ANY');
  const events = useInfiniteQuery(
    trpc.risk.events.infiniteQueryOptions(
      { status, severity: severity === 'ANY' ? null : severity, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = events.data?.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Segmented
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: 'ALL', label: 'All' },
            { value: 'OPEN', label: 'Open' },
            { value: 'RESOLVED', label: 'Resolved' },
          ]}
        />
        <Segmented
          label="Severity"
          value={severity}
          onChange={setSeverity}
          options={[
            { value: 'ANY', label: 'Any' },
            { value: 'CRITICAL', label: 'Critical' },
            { value: 'WARNING', label: 'Warning' },
            { value: 'INFO', label: 'Info' },
          ]}
        />
      </div>
      {items === undefined ? (
        <QueryStatus error={events.error} />
      ) : items.length === 0 ? (
        <p className="text-sm text-zinc-500">No risk events.</p>
      ) : (
        <ul className="divide-y divide-zinc-800" aria-label="Risk events">
          {items.map((event) => (
            <li key={event.id} className="py-2" data-testid="risk-event">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <Chip tone={SEVERITY_TONE[event.severity]}>{event.severity}</Chip>
                <span className="font-mono text-zinc-200">{event.kind}</span>
                {event.tradingSymbol !== null && (
                  <span className="text-zinc-300">{event.tradingSymbol}</span>
                )}
                <Chip tone={event.resolvedAt === null ? 'warn' : 'muted'}>
                  {event.resolvedAt === null ? 'open' : 'resolved'}
                </Chip>
                <span className="ml-auto text-xs text-zinc-500">
                  {formatIstDateTime(event.createdAt)}
                </span>
              </div>
              <p className="mt-1 text-sm break-words text-zinc-300">{event.message}</p>
              {event.resolvedAt !== null && (
                <p className="text-xs text-zinc-500">
                  Resolved {formatIstDateTime(event.resolvedAt)}
                  {event.resolvedBy === null ? '' : ` by ${event.resolvedBy}`}
                </p>
              )}
              <JsonDetails value={event.payload} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={events.hasNextPage}
        loading={events.isFetchingNextPage}
        onLoad={() => void events.fetchNextPage()}
      />
    </div>
  );
}

export default function RiskPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Risk</h1>
      <Card title="Limits and usage">
        <Limits />
      </Card>
      <Card title="Risk events">
        <RiskEvents />
      </Card>
    </div>
  );
}
