'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { SignalDetailView } from '../../server/read-model/signal-page';
import { formatIstDateTime, formatPrice } from '../../lib/format';
import { Chip } from '../chip';
import { DecisionSummary } from './decision-summary';
import { SignalFeatures } from './signal-features';

export function verdictOf(signal: SignalDetailView): {
  label: string;
  tone: 'good' | 'bad' | 'muted';
} {
  if (signal.decision === null) return { label: 'no decision', tone: 'muted' };
  if (signal.decision.approved) return { label: 'approved', tone: 'good' };
  return { label: signal.decision.reason ?? 'refused', tone: 'bad' };
}

/** A signal in one line (when, what, verdict); its features and decision when opened. */
export function SignalCard({ signal }: { readonly signal: SignalDetailView }) {
  const [open, setOpen] = useState(false);
  const verdict = verdictOf(signal);
  const targets = [signal.tp1Price, signal.tp2Price].filter((p) => p !== null);
  return (
    <li className="py-1" data-testid="signal-row">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
        }}
        className="flex min-h-11 w-full flex-wrap items-center gap-x-2 gap-y-0.5 text-left text-sm"
      >
        <span className="font-mono text-xs text-zinc-500">
          {formatIstDateTime(signal.createdAt)}
        </span>
        <span className="text-zinc-400">{signal.strategy}</span>
        <span className={signal.side === 'BUY' ? 'text-emerald-300' : 'text-rose-300'}>
          {signal.side}
        </span>
        <span className="font-semibold">{signal.tradingSymbol}</span>
        <span>@ {formatPrice(signal.entryPrice)}</span>
        <span className="ml-auto flex items-center gap-2">
          <span className="text-xs text-zinc-400">
            score {signal.score.toFixed(2)}
            {signal.rank === null ? '' : ` · #${signal.rank}`}
          </span>
          <Chip tone={verdict.tone}>{verdict.label}</Chip>
          <span aria-hidden className="text-zinc-500">
            {open ? '▾' : '▸'}
          </span>
        </span>
      </button>
      {open && (
        <div className="mt-1 space-y-3 rounded border border-zinc-800 bg-zinc-950/60 p-2">
          <p className="text-sm text-zinc-300">
            stop {formatPrice(signal.stopPrice)}
            {targets.length > 0 && ` · targets ${targets.map((p) => formatPrice(p)).join(', ')}`}
            {' · '}
            {signal.exchange}
          </p>
          <SignalFeatures signal={signal} />
          <div>
            <h4 className="mb-1 text-xs font-semibold text-zinc-400">Decision</h4>
            {signal.decision === null ? (
              <p className="text-sm text-zinc-500">None taken.</p>
            ) : (
              <DecisionSummary decision={signal.decision} />
            )}
          </div>
          <Link
            href={`/trades/${encodeURIComponent(signal.correlationId)}`}
            className="inline-flex min-h-11 items-center text-sm text-sky-300 hover:underline"
          >
            The whole story →
          </Link>
        </div>
      )}
    </li>
  );
}
