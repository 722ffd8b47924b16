'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

const RANK = { viewer: 0, trader: 1, admin: 2 } as const;

/** The signed-in user and what their role lets them do. */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery({
    ...trpc.auth.me.queryOptions(),
    refetchInterval: false,
    staleTime: 60_000,
  });
  const role = me.data?.role ?? 'viewer';
  return {
    user: me.data ?? null,
    canTrade: RANK[role] >= RANK.trader,
    isAdmin: role === 'admin',
  };
}
