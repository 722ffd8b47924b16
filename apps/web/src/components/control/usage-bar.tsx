/** How much of a limit is used: a bar that turns amber at 80 % and red at the limit. */
export function UsageBar({
  label,
  used,
  limit,
  share,
  testId,
}: {
  readonly label: string;
  /** Already formatted, e.g. ₹12,000.00 or 3. */
  readonly used: string;
  readonly limit: string;
  /** used / limit; null when there is no limit. */
  readonly share: number | null;
  readonly testId?: string;
}) {
  const pct = share === null ? null : Math.round(share * 100);
  const tone =
    pct === null
      ? 'bg-zinc-600'
      : pct >= 100
        ? 'bg-rose-500'
        : pct >= 80
          ? 'bg-amber-400'
          : 'bg-emerald-500';
  return (
    <div className="min-w-0" data-testid={testId}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-2 text-sm">
        <span className="text-zinc-300">{label}</span>
        <span className="text-zinc-400">
          <span className="font-semibold text-zinc-100">{used}</span> of {limit}
          {pct === null ? '' : ` · ${pct}%`}
        </span>
      </div>
      <div
        className="mt-1 h-2 overflow-hidden rounded bg-zinc-800"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? 0}
      >
        <div className={`h-full ${tone}`} style={{ width: `${Math.min(100, pct ?? 0)}%` }} />
      </div>
    </div>
  );
}
