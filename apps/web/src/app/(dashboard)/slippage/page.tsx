'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, Stat } from '../../../components/card';
import { Chip } from '../../../components/chip';
import { Segmented } from '../../../components/control/segmented';
import { SlippageChart } from '../../../components/control/slippage-chart';
import { SlippageConfigForm } from '../../../components/control/slippage-config-form';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { formatIstDateTime, formatMs, formatPrice } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import type { SlippageBucket } from '../../../server/trpc/engine-views';

type GroupBy = 'byStrategy' | 'byInstrument' | 'byHour';
type Check = 'ANY' | 'ACCEPTED' | 'REPRICED' | 'REJECTED';

const bps = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const share = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

function Buckets({ rows }: { readonly rows: readonly (readonly [string, SlippageBucket])[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm whitespace-nowrap" aria-label="Slippage by bucket">
        <thead className="text-left text-xs text-zinc-400">
          <tr>
            <th className="py-1 pr-3">Bucket</th>
            <th className="py-1 pr-3 text-right">Samples</th>
            <th className="py-1 pr-3 text-right">Mean bps</th>
            <th className="py-1 pr-3 text-right">p50 bps</th>
            <th className="py-1 pr-3 text-right">p95 bps</th>
            <th className="py-1 pr-3 text-right">Favourable</th>
            <th className="py-1 pr-3 text-right">Refused</th>
            <th className="py-1 pr-3 text-right">Breaches</th>
            <th className="py-1 pr-3 text-right">Ack p50 / p95</th>
            <th className="py-1 text-right">Total p50 / p95</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([key, b]) => (
            <tr key={key} className="border-t border-zinc-800">
              <td className="py-1.5 pr-3">{key}</td>
              <td className="py-1.5 pr-3 text-right">{b.count}</td>
              <td className="py-1.5 pr-3 text-right">{bps(b.meanBps)}</td>
              <td className="py-1.5 pr-3 text-right">{bps(b.p50Bps)}</td>
              <td className="py-1.5 pr-3 text-right">{bps(b.p95Bps)}</td>
              <td className="py-1.5 pr-3 text-right">{share(b.favourableShare)}</td>
              <td className="py-1.5 pr-3 text-right">{b.rejected}</td>
              <td className="py-1.5 pr-3 text-right">{b.breaches}</td>
              <td className="py-1.5 pr-3 text-right">
                {formatMs(b.latencyMs.ack.p50)} / {formatMs(b.latencyMs.ack.p95)}
              </td>
              <td className="py-1.5 text-right">
                {formatMs(b.latencyMs.total.p50)} / {formatMs(b.latencyMs.total.p95)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Stats() {
  const trpc = useTRPC();
  const [hours, setHours] = useState<'24' | '168' | '720'>('24');
  const [groupBy, setGroupBy] = useState<GroupBy>('byStrategy');
  const stats = useQuery(trpc.slippage.stats.queryOptions({ hours: Number(hours) }));
  const data = stats.data;
  const rows =
    data === undefined ? [] : Object.entries(data[groupBy]).sort(([a], [b]) => (a < b ? -1 : 1));
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Segmented
          label="Window"
          value={hours}
          onChange={setHours}
          options={[
            { value: '24', label: '24 h' },
            { value: '168', label: '7 days' },
            { value: '720', label: '30 days' },
          ]}
        />
        <Segmented
          label="Group by"
          value={groupBy}
          onChange={setGroupBy}
          options={[
            { value: 'byStrategy', label: 'Strategy' },
            { value: 'byInstrument', label: 'Instrument' },
            { value: 'byHour', label: 'Hour (IST)' },
          ]}
        />
      </div>
      {data === undefined ? (
        <QueryStatus error={stats.error} />
      ) : (
        <>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            <Stat label="Samples" value={String(data.overall.count)} />
            <Stat
              label="Mean / p95 bps"
              value={`${bps(data.overall.meanBps)} / ${bps(data.overall.p95Bps)}`}
            />
            <Stat label="Favourable" value={share(data.overall.favourableShare)} />
            <Stat label="Refused" value={String(data.overall.rejected)} />
            <Stat
              label="Signal → fill p50 / p95"
              value={`${formatMs(data.overall.latencyMs.total.p50)} / ${formatMs(data.overall.latencyMs.total.p95)}`}
            />
          </div>
          <SlippageChart rows={rows.map(([key, b]) => ({ key, ...b }))} />
          {rows.length === 0 ? (
            <p className="text-sm text-zinc-500">No samples in this window.</p>
          ) : (
            <Buckets rows={rows} />
          )}
        </>
      )}
    </div>
  );
}

function History() {
  const trpc = useTRPC();
  const [check, setCheck] = useState<Check>('ANY');
  const history = useInfiniteQuery(
    trpc.slippage.history.infiniteQueryOptions(
      { limit: 25, check: check === 'ANY' ? null : check },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = history.data?.pages.flatMap((page) => page.items);
  return (
    <div className="space-y-3">
      <Segmented
        label="Check"
        value={check}
        onChange={setCheck}
        options={[
          { value: 'ANY', label: 'All' },
          { value: 'ACCEPTED', label: 'Accepted' },
          { value: 'REPRICED', label: 'Re-priced' },
          { value: 'REJECTED', label: 'Refused' },
        ]}
      />
      {items === undefined ? (
        <QueryStatus error={history.error} />
      ) : items.length === 0 ? (
        <p className="text-sm text-zinc-500">No samples.</p>
      ) : (
        <ul className="divide-y divide-zinc-800 text-sm" aria-label="Slippage samples">
          {items.map((s) => (
            <li key={s.id} className="py-2" data-testid="slippage-sample">
              <div className="flex flex-wrap items-center gap-2">
                <Chip
                  tone={s.check === 'REJECTED' ? 'bad' : s.check === 'REPRICED' ? 'warn' : 'good'}
                >
                  {s.check}
                </Chip>
                {s.breach && <Chip tone="bad">breach</Chip>}
                <span>
                  {s.side} {s.instrument} × {s.quantity}
                </span>
                <span className="text-zinc-400">{s.strategy}</span>
                <span className="ml-auto text-xs text-zinc-500">
                  {formatIstDateTime(s.signalAt)}
                </span>
              </div>
              <p className="mt-0.5 text-zinc-400">
                signal {formatPrice(s.signalPrice)} · market {formatPrice(s.marketPrice)} · fill{' '}
                {formatPrice(s.fillPrice)} ·{' '}
                <span
                  className={
                    s.favourable === true
                      ? 'text-emerald-400'
                      : s.slippageBps !== null && s.slippageBps > 0
                        ? 'text-rose-400'
                        : ''
                  }
                >
                  {s.slippageBps === null ? 'not filled' : `${s.slippageBps.toFixed(1)} bps`}
                </span>{' '}
                · {formatMs(s.totalMs)}
              </p>
              {s.checkReason !== null && <p className="text-xs text-amber-300">{s.checkReason}</p>}
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={history.hasNextPage}
        loading={history.isFetchingNextPage}
        onLoad={() => void history.fetchNextPage()}
      />
    </div>
  );
}

export default function SlippagePage() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Slippage &amp; latency</h1>
      <Card title="Statistics (positive bps are adverse)">
        <Stats />
      </Card>
      <Card title="Tolerances">
        <SlippageConfigForm />
      </Card>
      <Card title="Samples">
        <History />
      </Card>
    </div>
  );
}
