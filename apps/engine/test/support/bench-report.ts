function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

export interface Figure {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Prints one JSON line for a benchmark figure (ms): what `pnpm bench` reports. */
export function reportFigure(name: string, samples: readonly number[]): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Number(value.toFixed(3));
  const figure = {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
  console.log(JSON.stringify({ bench: name, unit: 'ms', samples: samples.length, ...figure }));
  return figure;
}
