'use client';

import Link from 'next/link';
import { useEngineStatus } from '../lib/use-engine-status';

/** On every page while the engine has no valid Kite session: entries wait for a new login. */
export function KiteSessionBanner() {
  const status = useEngineStatus();
  const session = status.data?.venue.session;
  if (session === undefined || session.valid) return null;
  return (
    <div role="alert" className="border-b border-red-800 bg-red-950 text-red-100">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 px-3">
        <span className="py-2 text-sm font-semibold">Kite session expired — reconnect</span>
        {session.message !== null && (
          <span className="py-2 text-xs text-red-200/80">{session.message}</span>
        )}
        <Link
          href="/kite"
          className="ml-auto flex min-h-11 items-center font-semibold text-white underline underline-offset-4"
        >
          Reconnect Kite
        </Link>
      </div>
    </div>
  );
}
