'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { OrderGroupCard } from '../../../components/orders/order-group-card';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { useTRPC } from '../../../lib/trpc';

export default function OrdersPage() {
  const trpc = useTRPC();
  const blotter = useInfiniteQuery(
    trpc.orders.blotter.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const pages = blotter.data?.pages;
  if (pages === undefined) return <QueryStatus error={blotter.error} />;
  const groups = pages.flatMap((page) => page.groups);
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Orders</h1>
      {blotter.isError && (
        <p role="alert" className="text-sm text-amber-300">
          Not refreshed: {blotter.error.message}
        </p>
      )}
      {groups.length === 0 ? (
        <p className="text-sm text-zinc-500">No orders yet.</p>
      ) : (
        <div className="space-y-3">
          {groups.map((group) => (
            <OrderGroupCard key={group.key} group={group} />
          ))}
        </div>
      )}
      <LoadMore
        hasMore={blotter.hasNextPage}
        loading={blotter.isFetchingNextPage}
        onLoad={() => void blotter.fetchNextPage()}
      />
    </div>
  );
}
