/** What a page shows while its data loads, or when the server refused it. */
export function QueryStatus({ error }: { readonly error: { readonly message: string } | null }) {
  if (error !== null) {
    return (
      <p role="alert" className="text-rose-400">
        {error.message}
      </p>
    );
  }
  return <p className="text-zinc-500">Loading…</p>;
}

/** The next page of a list; gone when there is none. */
export function LoadMore({
  hasMore,
  loading,
  onLoad,
}: {
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly onLoad: () => void;
}) {
  if (!hasMore) return null;
  return (
    <button
      type="button"
      onClick={onLoad}
      disabled={loading}
      className="mt-3 min-h-11 w-full rounded-md border border-zinc-700 text-sm text-zinc-300 hover:bg-zinc-800 disabled:opacity-50"
    >
      {loading ? 'Loading…' : 'Show older'}
    </button>
  );
}

/** A name and a value, in a two-column list (features, fills, payloads). */
export function KeyValues({
  entries,
  empty = 'none',
}: {
  readonly entries: readonly (readonly [string, string])[];
  readonly empty?: string;
}) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">{empty}</p>;
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-sm">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="truncate text-zinc-400">{key}</dt>
          <dd className="font-mono break-all text-zinc-200">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
