'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Card } from '../../../components/card';
import { Chip } from '../../../components/chip';
import { JsonDetails } from '../../../components/control/json-details';
import { FormField } from '../../../components/form-field';
import { LoadMore, QueryStatus } from '../../../components/query-status';
import { formatIstDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';

interface Filters {
  readonly actionPrefix: string;
  readonly actor: string;
  readonly correlationId: string;
}

const EMPTY: Filters = { actionPrefix: '', actor: '', correlationId: '' };

export default function AuditPage() {
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const log = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filters, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = log.data?.pages.flatMap((page) => page.items);
  const field = (key: keyof Filters, label: string, placeholder: string) => (
    <FormField
      label={label}
      placeholder={placeholder}
      value={draft[key]}
      autoComplete="off"
      onChange={(e) => {
        setDraft({ ...draft, [key]: e.target.value });
      }}
    />
  );
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Audit log</h1>
      <Card title="Filter">
        <form
          className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end"
          onSubmit={(event) => {
            event.preventDefault();
            setFilters(draft);
          }}
        >
          {field('actionPrefix', 'Action starts with', 'api.  trading_mode  user.')}
          {field('actor', 'Actor', 'e-mail or service')}
          {field('correlationId', 'Correlation id', 'exact')}
          <div className="flex gap-2">
            <button
              type="submit"
              className="min-h-11 flex-1 rounded-md bg-zinc-700 px-4 font-medium text-zinc-100"
            >
              Apply
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(EMPTY);
                setFilters(EMPTY);
              }}
              className="min-h-11 rounded-md border border-zinc-700 px-4"
            >
              Clear
            </button>
          </div>
        </form>
      </Card>
      <Card title="Entries, newest first">
        {items === undefined ? (
          <QueryStatus error={log.error} />
        ) : items.length === 0 ? (
          <p className="text-sm text-zinc-500">Nothing matches.</p>
        ) : (
          <ul className="divide-y divide-zinc-800" aria-label="Audit entries">
            {items.map((entry) => (
              <li key={entry.id} className="py-2 text-sm" data-testid="audit-entry">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-zinc-100">{entry.action}</span>
                  <Chip tone={entry.actorType === 'USER' ? 'info' : 'muted'}>{entry.actor}</Chip>
                  <span className="ml-auto text-xs text-zinc-500">
                    {formatIstDateTime(entry.at)}
                  </span>
                </div>
                <p className="mt-0.5 break-all text-xs text-zinc-400">
                  {entry.entity}
                  {entry.entityId === null ? '' : ` ${entry.entityId}`}
                  {entry.correlationId !== null && (
                    <>
                      {' · '}
                      <button
                        type="button"
                        className="min-h-11 font-mono text-sky-300 underline-offset-2 hover:underline"
                        onClick={() => {
                          const next = { ...EMPTY, correlationId: entry.correlationId ?? '' };
                          setDraft(next);
                          setFilters(next);
                        }}
                        title="Everything with this correlation id"
                      >
                        {entry.correlationId}
                      </button>
                    </>
                  )}
                </p>
                <JsonDetails value={entry.payload} />
              </li>
            ))}
          </ul>
        )}
        <LoadMore
          hasMore={log.hasNextPage}
          loading={log.isFetchingNextPage}
          onLoad={() => void log.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
