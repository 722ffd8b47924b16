'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { Card, Stat } from '../../../components/card';
import { Chip } from '../../../components/chip';
import { QueryStatus } from '../../../components/query-status';
import { formatIstDateTime } from '../../../lib/format';
import { useEngineStatus } from '../../../lib/use-engine-status';
import { useMe } from '../../../lib/use-me';

/** What the login redirect came back with (/api/kite/callback sends it here). */
function Outcome() {
  const params = useSearchParams();
  const kite = params.get('kite');
  if (kite === 'connected') {
    return (
      <p
        role="status"
        className="rounded-md border border-emerald-800 bg-emerald-950/50 p-3 text-sm text-emerald-200"
      >
        Kite connected: the engine has a new session. Resume trading when you are ready.
      </p>
    );
  }
  if (kite === 'failed') {
    return (
      <div
        role="alert"
        className="rounded-md border border-rose-800 bg-rose-950/50 p-3 text-sm text-rose-200"
      >
        <p className="font-semibold">Kite login failed ({params.get('code') ?? 'unknown'})</p>
        <p>{params.get('message') ?? ''}</p>
      </div>
    );
  }
  return null;
}

export default function KitePage() {
  const status = useEngineStatus();
  const { user, canTrade } = useMe();
  const data = status.data;
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Kite connection</h1>
      <Suspense fallback={null}>
        <Outcome />
      </Suspense>
      <Card title="Session">
        {data === undefined ? (
          <QueryStatus error={status.error} />
        ) : (
          <div className="space-y-3">
            <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              <div className="min-w-0">
                <div className="text-xs text-zinc-400">State</div>
                <div className="mt-1" data-testid="kite-session-state">
                  <Chip tone={data.venue.session.valid ? 'good' : 'bad'}>
                    {data.venue.session.valid ? 'valid' : 'invalid'}
                  </Chip>
                </div>
              </div>
              <Stat label="Kite user" value={data.venue.session.userId ?? '—'} />
              <Stat label="Expires" value={formatIstDateTime(data.venue.session.expiresAt)} />
              <Stat label="Venue" value={`${data.venue.kind} · orders ${data.venue.orders}`} />
            </div>
            {data.venue.session.message !== null && (
              <p className="text-sm text-amber-300">{data.venue.session.message}</p>
            )}
            <p className="text-xs break-all text-zinc-500">{data.venue.root}</p>
          </div>
        )}
      </Card>
      <Card title="Log in">
        <p className="mb-3 text-sm text-zinc-300">
          Kite sessions end every day (around 06:00 IST) and on a logout elsewhere. Log in at
          Kite&apos;s own page: Kite sends the browser back here and the engine takes the new
          session. Your password never passes through Kavach.
        </p>
        {user === null ? null : canTrade ? (
          // A plain link: the server checks the session and sends the browser on to Kite.
          <a
            href="/api/kite/login"
            className="inline-flex min-h-11 items-center rounded-md bg-orange-600 px-5 font-semibold text-white hover:bg-orange-500"
          >
            Connect Kite
          </a>
        ) : (
          <p className="text-sm text-zinc-500">Connecting Kite needs the trader role.</p>
        )}
      </Card>
    </div>
  );
}
