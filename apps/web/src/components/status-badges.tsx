'use client';

import { useLive } from '../lib/live';
import { judgeStaleness } from '../lib/staleness';
import type { Staleness } from '../lib/staleness';
import { useEngineStatus } from '../lib/use-engine-status';

const STATE_CLASS = {
  ACTIVE: 'bg-emerald-900/60 text-emerald-300 border-emerald-700',
  PAUSED: 'bg-amber-900/50 text-amber-200 border-amber-700',
  HALTED: 'bg-red-900/60 text-red-200 border-red-700',
} as const;

/** Whether what the screen shows may be out of date, and why. */
export function useStaleness(): Staleness {
  const status = useEngineStatus();
  const live = useLive();
  return judgeStaleness({
    engineFailing: status.isError,
    connected: live.connected,
    feedLive: live.feedLive,
    status: status.data,
  });
}

function Badge({ label, className }: { readonly label: string; readonly className: string }) {
  return (
    <span className={`rounded border px-2 py-0.5 text-xs font-semibold ${className}`}>{label}</span>
  );
}

/** Mode, trading state, Kite session and data freshness: what a trader checks first. */
export function StatusBadges() {
  const status = useEngineStatus();
  const { stale, why } = useStaleness();
  const data = status.data;
  return (
    <div className="flex flex-wrap items-center gap-1.5" aria-label="System status">
      {data !== undefined && (
        <>
          <Badge
            label={data.mode.mode}
            className={
              data.mode.mode === 'LIVE'
                ? 'border-red-600 bg-red-950 text-red-200'
                : 'border-sky-700 bg-sky-950 text-sky-200'
            }
          />
          <span data-testid="trading-state">
            <Badge label={data.trading.state} className={STATE_CLASS[data.trading.state]} />
          </span>
          <Badge
            label={data.venue.session.valid ? 'Kite ✓' : 'Kite session expired'}
            className={
              data.venue.session.valid
                ? 'border-zinc-700 text-zinc-300'
                : 'border-red-700 bg-red-950 text-red-200'
            }
          />
        </>
      )}
      {stale && (
        <span data-testid="data-stale">
          <Badge
            label={`Data stale: ${why ?? ''}`}
            className="border-amber-600 bg-amber-950 text-amber-200"
          />
        </span>
      )}
    </div>
  );
}
