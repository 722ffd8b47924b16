/** A JSON value behind a disclosure: payloads are long, and read only when needed. */
export function JsonDetails({
  value,
  summary = 'Payload',
}: {
  readonly value: unknown;
  readonly summary?: string;
}) {
  if (value === null || value === undefined) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="flex min-h-11 cursor-pointer items-center text-zinc-400 select-none hover:text-zinc-200">
        {summary}
      </summary>
      <pre className="max-h-80 overflow-auto rounded bg-zinc-950 p-2 font-mono break-all whitespace-pre-wrap text-zinc-300">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
