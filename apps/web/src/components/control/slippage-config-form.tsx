'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { issueAt } from '../../lib/app-error';
import { useMe } from '../../lib/use-me';
import { useTRPC } from '../../lib/trpc';
import type { SlippageConfigValues } from '../../server/trpc/engine-views';
import { QueryStatus } from '../query-status';
import { Refusal } from './refusal';

const FIELDS: readonly { key: keyof SlippageConfigValues; label: string; step: string }[] = [
  { key: 'maxSlippagePct', label: 'Max slippage (%)', step: '0.01' },
  { key: 'maxSlippagePoints', label: 'Max slippage (points)', step: '0.01' },
  { key: 'requotePct', label: 'Re-price beyond (%)', step: '0.01' },
  { key: 'partialFillPct', label: 'Cut a partial fill beyond (%)', step: '0.01' },
  { key: 'maxLatencyMs', label: 'Max signal → ack (ms)', step: '1' },
  { key: 'maxQuoteAgeMs', label: 'Max quote age (ms)', step: '1' },
  { key: 'breachesToPause', label: 'Breaches that pause', step: '1' },
  { key: 'breachWindowMinutes', label: 'Breach window (min)', step: '1' },
];

/** The tolerances in force; an admin may change them (the engine validates and applies them). */
export function SlippageConfigForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user, isAdmin } = useMe();
  const config = useQuery(trpc.slippage.config.queryOptions());
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const save = useMutation(
    trpc.slippage.setConfig.mutationOptions({
      onSuccess: () => {
        setDraft(null);
        void queryClient.invalidateQueries({ queryKey: trpc.slippage.pathKey() });
      },
    }),
  );
  const data = config.data;
  if (data === undefined) return <QueryStatus error={config.error} />;
  const values =
    draft ?? Object.fromEntries(FIELDS.map((f) => [f.key, String(data.config[f.key])]));
  const editing = draft !== null;

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const next = Object.fromEntries(
          FIELDS.map((f) => [f.key, Number(values[f.key])]),
        ) as unknown as SlippageConfigValues;
        save.mutate(next);
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {FIELDS.map((field) => {
          const problem = issueAt(save.error, field.key);
          return (
            <label key={field.key} className="block text-sm">
              <span className="mb-1 block text-zinc-400">{field.label}</span>
              <input
                type="number"
                inputMode="decimal"
                step={field.step}
                name={field.key}
                readOnly={!isAdmin}
                value={values[field.key] ?? ''}
                aria-invalid={problem !== undefined}
                onChange={(e) => {
                  setDraft({ ...values, [field.key]: e.target.value });
                }}
                className="min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-900 px-3 text-base text-zinc-100 outline-none read-only:text-zinc-400 focus:border-emerald-500 aria-invalid:border-rose-500"
              />
              {problem !== undefined && <span className="text-xs text-rose-400">{problem}</span>}
            </label>
          );
        })}
      </div>
      <p className="text-xs text-zinc-500">
        Config <span className="font-mono">{data.sha.slice(0, 12)}</span>
        {save.data !== undefined && (
          <span className="text-emerald-400" role="status">
            {' '}
            · saved as <span className="font-mono">{save.data.sha.slice(0, 12)}</span>, in force now
          </span>
        )}
      </p>
      <Refusal error={save.error} />
      {isAdmin ? (
        <div className="flex gap-2">
          <button
            type="submit"
            disabled={!editing || save.isPending}
            className="min-h-11 rounded-md bg-emerald-700 px-4 font-medium text-white disabled:opacity-40"
          >
            {save.isPending ? 'Saving…' : 'Save tolerances'}
          </button>
          {editing && (
            <button
              type="button"
              onClick={() => {
                setDraft(null);
                save.reset();
              }}
              className="min-h-11 rounded-md border border-zinc-700 px-4"
            >
              Discard
            </button>
          )}
        </div>
      ) : (
        user !== null && (
          <p className="text-xs text-zinc-500">Changing the tolerances needs the admin role.</p>
        )
      )}
    </form>
  );
}
