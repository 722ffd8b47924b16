'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Card, Stat } from '../../../components/card';
import { Chip } from '../../../components/chip';
import type { ChipTone } from '../../../components/chip';
import { JsonDetails } from '../../../components/control/json-details';
import { Refusal } from '../../../components/control/refusal';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { formatIstDateTime } from '../../../lib/format';
import { useMe } from '../../../lib/use-me';
import { useTRPC } from '../../../lib/trpc';

const OUTCOME_TONE: Record<'CLEAN' | 'DISCREPANCIES' | 'FAILED', ChipTone> = {
  CLEAN: 'good',
  DISCREPANCIES: 'warn',
  FAILED: 'bad',
};

function Status() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canTrade } = useMe();
  const status = useQuery({
    ...trpc.reconciliation.status.queryOptions(),
    refetchInterval: 10_000,
  });
  const run = useMutation(
    trpc.reconciliation.run.mutationOptions({
      onSettled: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.reconciliation.pathKey() }),
    }),
  );
  const data = status.data;
  if (data === undefined) return <QueryStatus error={status.error} />;
  const last = data.lastRun;
  return (
    <div className="space-y-3">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Last run" value={last === null ? 'not yet' : formatIstDateTime(last.at)} />
        <div className="min-w-0">
          <div className="text-xs text-zinc-400">Outcome</div>
          <div className="mt-1" data-testid="reconciliation-outcome">
            {last === null ? (
              <Chip>none</Chip>
            ) : (
              <Chip tone={OUTCOME_TONE[last.outcome]}>{last.outcome}</Chip>
            )}
            {data.running && <span className="ml-2 text-xs text-sky-300">running…</span>}
          </div>
        </div>
        <Stat label="Trigger" value={last?.trigger ?? '—'} />
        <Stat label="Discrepancies" value={String(last?.discrepancies ?? 0)} />
      </div>
      {last?.error != null && <p className="text-sm text-rose-300">{last.error}</p>}
      <div>
        <div className="text-xs text-zinc-400">Blocked instruments (no new entries)</div>
        {data.blocked.length === 0 ? (
          <p className="text-sm text-zinc-500">None.</p>
        ) : (
          <div className="mt-1 flex flex-wrap gap-1">
            {data.blocked.map((b) => (
              <Chip key={b.token} tone="bad">
                {b.name}
              </Chip>
            ))}
          </div>
        )}
      </div>
      <button
        type="button"
        disabled={!canTrade || run.isPending}
        onClick={() => {
          run.mutate();
        }}
        title={canTrade ? 'Reconcile with the broker now' : 'Needs the trader role'}
        className="min-h-11 rounded-md border border-sky-700 px-4 font-medium text-sky-200 disabled:opacity-50"
      >
        {run.isPending ? 'Reconciling…' : 'Run now'}
      </button>
      {run.data !== undefined && (
        <p role="status" className="text-sm text-emerald-400">
          Done: {run.data.state.reconciliation.lastRun?.outcome ?? 'no run'}
        </p>
      )}
      <Refusal error={run.error} />
    </div>
  );
}

function Discrepancies() {
  const trpc = useTRPC();
  const [limit, setLimit] = useState(50);
  const list = useQuery(trpc.reconciliation.discrepancies.queryOptions({ limit }));
  const data = list.data;
  if (data === undefined) return <QueryStatus error={list.error} />;
  return (
    <div className="space-y-2">
      <p className="text-sm text-zinc-400">{data.unresolved} unresolved</p>
      {data.items.length === 0 ? (
        <p className="text-sm text-zinc-500">No discrepancies.</p>
      ) : (
        <ul className="divide-y divide-zinc-800" aria-label="Discrepancies">
          {data.items.map((d) => (
            <li key={d.id} className="py-2 text-sm" data-testid="discrepancy">
              <div className="flex flex-wrap items-center gap-2">
                <Chip tone={d.resolved ? 'muted' : 'warn'}>{d.resolved ? 'resolved' : 'open'}</Chip>
                <span className="font-mono text-zinc-200">{d.kind}</span>
                {d.tradingSymbol !== null && <span>{d.tradingSymbol}</span>}
                <span className="ml-auto text-xs text-zinc-500">
                  {formatIstDateTime(d.createdAt)}
                </span>
              </div>
              <p className="mt-0.5 break-words text-zinc-400">
                {d.actionTaken ?? 'no action'}
                {d.clientOrderId === null ? '' : ` · order ${d.clientOrderId}`}
                {d.brokerOrderId === null ? '' : ` · broker ${d.brokerOrderId}`}
                {d.resolvedBy === null ? '' : ` · resolved by ${d.resolvedBy}`}
              </p>
              <JsonDetails
                value={{ expected: d.expected, actual: d.actual }}
                summary="Expected / actual"
              />
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={data.items.length === limit && limit < 500}
        loading={list.isFetching}
        onLoad={() => {
          setLimit((n) => Math.min(500, n + 50));
        }}
      />
    </div>
  );
}

export default function ReconciliationPage() {
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Reconciliation</h1>
      <Card title="Status">
        <Status />
      </Card>
      <Card title="Discrepancies (unresolved first)">
        <Discrepancies />
      </Card>
    </div>
  );
}
