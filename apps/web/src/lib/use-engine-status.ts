'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from './trpc';

/** The engine's status, shared by the header and the pages (one request every 3 s). */
export function useEngineStatus() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.overview.status.queryOptions(), refetchInterval: 3_000 });
}
