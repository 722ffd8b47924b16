'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface SlippageChartRow {
  readonly key: string;
  readonly meanBps: number | null;
  readonly p50Bps: number | null;
  readonly p95Bps: number | null;
}

/** Slippage per bucket in basis points (positive is adverse): mean, median and p95. */
export function SlippageChart({ rows }: { readonly rows: readonly SlippageChartRow[] }) {
  const data = rows.filter((r) => r.meanBps !== null || r.p95Bps !== null);
  if (data.length === 0) {
    return <p className="py-8 text-center text-sm text-zinc-500">No fills in this window.</p>;
  }
  return (
    <div className="h-56 w-full" aria-label="Slippage chart (bps, positive is adverse)">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={[...data]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#27272a" vertical={false} />
          <XAxis dataKey="key" stroke="#71717a" fontSize={11} interval="preserveStartEnd" />
          <YAxis stroke="#71717a" fontSize={11} width={40} unit=" bp" />
          <ReferenceLine y={0} stroke="#52525b" />
          <Tooltip
            formatter={(v) => `${Number(v).toFixed(1)} bps`}
            contentStyle={{ background: '#18181b', border: '1px solid #3f3f46' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="meanBps" name="mean" fill="#38bdf8" isAnimationActive={false} />
          <Bar dataKey="p50Bps" name="p50" fill="#34d399" isAnimationActive={false} />
          <Bar dataKey="p95Bps" name="p95" fill="#f59e0b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
