'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useState } from 'react';
import type { ReactNode } from 'react';
import superjson from 'superjson';
import { LiveProvider } from '../lib/live';
import { TRPCProvider } from '../lib/trpc';
import type { AppRouter } from '../server/trpc/router';

export function Providers({
  children,
  live,
}: {
  readonly children: ReactNode;
  /** Signed-in pages open the live socket; sign-in and setup do not. */
  readonly live: boolean;
}) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 2_000, refetchInterval: 5_000, retry: 1 },
          mutations: { retry: false },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {live ? <LiveProvider>{children}</LiveProvider> : children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
