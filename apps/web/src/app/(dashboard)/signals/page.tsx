'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card } from '../../../components/card';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { SignalCard } from '../../../components/signals/signal-card';
import { useTRPC } from '../../../lib/trpc';

const OUTCOMES = [
  { value: 'all', label: 'All' },
  { value: 'approved', label: 'Approved' },
  { value: 'refused', label: 'Refused' },
] as const;

type Outcome = (typeof OUTCOMES)[number]['value'];

export default function SignalsPage() {
  const trpc = useTRPC();
  const [strategy, setStrategy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('all');
  const strategies = useQuery({
    ...trpc.signals.strategies.queryOptions(),
    refetchInterval: 60_000,
  });
  const list = useInfiniteQuery(
    trpc.signals.list.infiniteQueryOptions(
      { strategy, outcome, limit: 25 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const signals = list.data?.pages.flatMap((page) => page.signals);

  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Signals & decisions</h1>
      <div className="flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block text-zinc-400">Strategy</span>
          <select
            value={strategy ?? ''}
            onChange={(e) => {
              setStrategy(e.target.value === '' ? null : e.target.value);
            }}
            className="min-h-11 rounded-md border border-zinc-700 bg-zinc-900 px-3 text-base"
          >
            <option value="">All strategies</option>
            {(strategies.data ?? []).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <div
          role="group"
          aria-label="Decision"
          className="flex overflow-hidden rounded-md border border-zinc-700"
        >
          {OUTCOMES.map((o) => (
            <button
              key={o.value}
              type="button"
              aria-pressed={outcome === o.value}
              onClick={() => {
                setOutcome(o.value);
              }}
              className="min-h-11 px-3 text-sm text-zinc-400 aria-pressed:bg-zinc-800 aria-pressed:text-zinc-100"
            >
              {o.label}
            </button>
          ))}
        </div>
      </div>

      <Card title="Signals, newest first">
        {signals === undefined ? (
          <QueryStatus error={list.error} />
        ) : signals.length === 0 ? (
          <p className="text-sm text-zinc-500">No signals match.</p>
        ) : (
          <ul className="divide-y divide-zinc-800">
            {signals.map((signal) => (
              <SignalCard key={signal.id} signal={signal} />
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoad={() => void list.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
