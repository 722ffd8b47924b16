'use client';

import {
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatIstTime, formatPnl } from '../lib/format';

export interface PnlChartPoint {
  readonly at: number;
  /** Paise. */
  readonly pnl: number;
}

/**
 * Today's P&L through the day (realised after each trade, then the live total): two points at
 * least, the overview says so when there are fewer.
 */
export function PnlChart({ points }: { readonly points: readonly PnlChartPoint[] }) {
  const data = points.map((p) => ({ at: p.at, rupees: p.pnl / 100 }));
  return (
    <div className="h-40 w-full" aria-label="Intraday P&L chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <XAxis
            dataKey="at"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => formatIstTime(v).slice(0, 5)}
            stroke="#71717a"
            fontSize={11}
          />
          <YAxis stroke="#71717a" fontSize={11} width={56} />
          <ReferenceLine y={0} stroke="#3f3f46" />
          <Tooltip
            labelFormatter={(v) => formatIstTime(Number(v))}
            formatter={(v) => formatPnl(Math.round(Number(v) * 100))}
            contentStyle={{ background: '#18181b', border: '1px solid #3f3f46' }}
          />
          <Line
            type="stepAfter"
            dataKey="rupees"
            stroke="#34d399"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
