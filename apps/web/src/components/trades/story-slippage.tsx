import type { SlippageSampleView } from '../../server/read-model/trade-story';
import { formatMs, formatPrice } from '../../lib/format';
import { Chip } from '../chip';

function Step({ label, ms }: { readonly label: string; readonly ms: number | null }) {
  return (
    <div className="min-w-0">
      <div className="text-xs text-zinc-500">{label}</div>
      <div className="font-mono text-sm">{formatMs(ms)}</div>
    </div>
  );
}

/** Each order's way from signal to first fill: the prices at every step and how long it took. */
export function StorySlippage({ samples }: { readonly samples: readonly SlippageSampleView[] }) {
  if (samples.length === 0) {
    return <p className="text-sm text-zinc-500">No slippage samples under this id.</p>;
  }
  return (
    <ul className="space-y-3">
      {samples.map((s) => (
        <li key={s.id} className="space-y-2">
          <div className="flex flex-wrap items-center gap-1.5 text-sm">
            <Chip tone={s.check === 'REJECTED' ? 'bad' : s.check === 'REPRICED' ? 'warn' : 'good'}>
              {s.check}
            </Chip>
            {s.breach && <Chip tone="bad">breach</Chip>}
            <span>
              {s.side} {s.quantity} {s.tradingSymbol}
            </span>
            <span className="text-zinc-400">
              {s.source} · {s.strategy}
            </span>
          </div>
          {s.checkReason !== null && <p className="text-xs text-zinc-400">{s.checkReason}</p>}
          <div className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
            <div>
              <div className="text-xs text-zinc-500">Signal</div>
              {formatPrice(s.signalPrice)}
            </div>
            <div>
              <div className="text-xs text-zinc-500">Market at check</div>
              {formatPrice(s.marketPrice)}{' '}
              <span className="text-xs text-zinc-500">({s.quoteDriftBps.toFixed(1)} bps)</span>
            </div>
            <div>
              <div className="text-xs text-zinc-500">Sent</div>
              {formatPrice(s.sentPrice)}
            </div>
            <div>
              <div className="text-xs text-zinc-500">First fill</div>
              {formatPrice(s.fillPrice)}{' '}
              {s.slippage !== null && (
                <span className={s.slippage > 0 ? 'text-rose-400' : 'text-emerald-400'}>
                  ({s.slippage > 0 ? '+' : ''}
                  {formatPrice(s.slippage)}
                  {s.slippageBps === null ? '' : `, ${s.slippageBps.toFixed(1)} bps`})
                </span>
              )}
            </div>
          </div>
          <div className="grid grid-cols-3 gap-2 sm:grid-cols-5" aria-label="Latency">
            <Step label="Signal → checked" ms={s.latency.validateMs} />
            <Step label="→ sent" ms={s.latency.sendMs} />
            <Step label="→ acknowledged" ms={s.latency.ackMs} />
            <Step label="→ first fill" ms={s.latency.fillMs} />
            <Step label="Total" ms={s.latency.totalMs} />
          </div>
        </li>
      ))}
    </ul>
  );
}
