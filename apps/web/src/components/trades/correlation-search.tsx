'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** Any correlation id (from a log line, an alert, the audit log) straight to its story. */
export function CorrelationSearch() {
  const router = useRouter();
  const [id, setId] = useState('');
  return (
    <form
      className="flex gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = id.trim();
        if (trimmed !== '') router.push(`/trades/${encodeURIComponent(trimmed)}`);
      }}
    >
      <input
        aria-label="Correlation id"
        placeholder="Correlation id"
        value={id}
        onChange={(e) => {
          setId(e.target.value);
        }}
        maxLength={64}
        autoComplete="off"
        className="min-h-11 min-w-0 flex-1 rounded-md border border-zinc-700 bg-zinc-900 px-3 font-mono text-base"
      />
      <button
        type="submit"
        disabled={id.trim() === ''}
        className="min-h-11 rounded-md border border-zinc-600 px-4 text-sm disabled:opacity-40"
      >
        Open story
      </button>
    </form>
  );
}
