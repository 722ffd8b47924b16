'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { Card } from '../../../components/card';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { CorrelationSearch } from '../../../components/trades/correlation-search';
import { TradeRow } from '../../../components/trades/trade-row';
import { useTRPC } from '../../../lib/trpc';

export default function TradesPage() {
  const trpc = useTRPC();
  const list = useInfiniteQuery({
    ...trpc.trades.list.infiniteQueryOptions(
      { limit: 25 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: 15_000,
  });
  const trades = list.data?.pages.flatMap((page) => page.trades);
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Trades</h1>
      <CorrelationSearch />
      <Card title="Recent trades, last closed first">
        {trades === undefined ? (
          <QueryStatus error={list.error} />
        ) : trades.length === 0 ? (
          <p className="text-sm text-zinc-500">No closed trades yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-800">
            {trades.map((trade) => (
              <TradeRow key={trade.id} trade={trade} />
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
