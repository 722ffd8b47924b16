import type { SignalDetailView } from '../../server/read-model/signal-page';
import { KeyValues } from '../query-status';

/** What the strategy saw (features) and how it weighed it (feature scores). */
export function SignalFeatures({ signal }: { readonly signal: SignalDetailView }) {
  const scores = Object.entries(signal.featureScores);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div>
        <h4 className="mb-1 text-xs font-semibold text-zinc-400">Features</h4>
        <KeyValues
          entries={Object.entries(signal.features).map(([k, v]) => [k, String(v)] as const)}
        />
      </div>
      <div>
        <h4 className="mb-1 text-xs font-semibold text-zinc-400">Feature scores</h4>
        {scores.length === 0 ? (
          <p className="text-sm text-zinc-500">none</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {scores.map(([name, score]) => (
              <li key={name}>
                <div className="flex justify-between gap-2">
                  <span className="truncate text-zinc-400">{name}</span>
                  <span className="font-mono">{score.toFixed(2)}</span>
                </div>
                {/* Scores are 0..1 by the strategies' convention; the bar clamps anything else. */}
                <div className="h-1 rounded bg-zinc-800">
                  <div
                    className="h-1 rounded bg-sky-500"
                    style={{ width: `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%` }}
                  />
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
