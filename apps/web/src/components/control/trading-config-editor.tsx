'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ClientError } from '../../lib/app-error';
import { detailsOf } from '../../lib/app-error';
import type { FormField, FormSection } from '../../lib/config-form';
import { fromFormValues, labelOf, layoutOf, toFormValues } from '../../lib/config-form';
import { formatIstDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { QueryStatus } from '../query-status';
import { Refusal } from './refusal';

/** Settings whose values are a fixed list (the schema's enums). */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  product: ['MIS'],
  entryOrderType: ['LIMIT', 'MARKET'],
  stopOrderType: ['SL-M', 'SL'],
  entry: ['close', 'rangeEdge'],
  stopAt: ['opposite', 'midpoint'],
};

const INPUT =
  'min-h-11 w-full rounded-md border border-zinc-700 bg-zinc-900 px-3 text-base text-zinc-100 outline-none focus:border-emerald-500 aria-invalid:border-rose-500';

/** The engine's messages for this field (a list's entries are reported as `universe[2]`). */
function problemsAt(error: ClientError | null, path: string): string[] {
  return (detailsOf(error).issues ?? [])
    .filter(
      (i) => i.path === path || i.path.startsWith(`${path}[`) || i.path.startsWith(`${path}.`),
    )
    .map((i) => (i.path === path ? i.message : `${i.path.slice(path.length)}: ${i.message}`));
}

function Field({
  field,
  value,
  onChange,
  problems,
}: {
  readonly field: FormField;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly problems: readonly string[];
}) {
  const key = field.path.slice(field.path.lastIndexOf('.') + 1);
  const choices = CHOICES[key];
  const invalid = problems.length > 0;
  const id = `cfg-${field.path}`;
  let input;
  if (field.kind === 'boolean') {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={value === 'true'}
        onChange={(e) => {
          onChange(String(e.target.checked));
        }}
        className="h-6 w-6 accent-emerald-500"
      />
    );
  } else if (field.kind === 'list') {
    input = (
      <textarea
        id={id}
        value={value}
        rows={Math.min(12, Math.max(3, value.split('\n').length))}
        aria-invalid={invalid}
        onChange={(e) => {
          onChange(e.target.value);
        }}
        className={`${INPUT} py-2 font-mono text-sm`}
      />
    );
  } else if (choices !== undefined) {
    input = (
      <select
        id={id}
        value={value}
        aria-invalid={invalid}
        onChange={(e) => {
          onChange(e.target.value);
        }}
        className={INPUT}
      >
        {choices.map((choice) => (
          <option key={choice}>{choice}</option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        id={id}
        value={value}
        inputMode={field.kind === 'number' ? 'decimal' : 'text'}
        placeholder={field.kind === 'number' ? 'not set' : undefined}
        aria-invalid={invalid}
        autoComplete="off"
        onChange={(e) => {
          onChange(e.target.value);
        }}
        className={INPUT}
      />
    );
  }
  return (
    <div className={field.kind === 'list' ? 'sm:col-span-2' : ''}>
      <label htmlFor={id} className="mb-1 block text-sm text-zinc-400">
        {labelOf(field.path)}
      </label>
      {input}
      {problems.map((problem) => (
        <p key={problem} className="text-xs text-rose-400">
          {problem}
        </p>
      ))}
    </div>
  );
}

function Section({
  section,
  values,
  setValue,
  error,
  depth,
}: {
  readonly section: FormSection;
  readonly values: Readonly<Record<string, string>>;
  readonly setValue: (path: string, value: string) => void;
  readonly error: ClientError | null;
  readonly depth: number;
}) {
  const body = (
    <div className="space-y-3">
      {section.fields.length > 0 && (
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {section.fields.map((field) => (
            <Field
              key={field.path}
              field={field}
              value={values[field.path] ?? ''}
              onChange={(value) => {
                setValue(field.path, value);
              }}
              problems={problemsAt(error, field.path)}
            />
          ))}
        </div>
      )}
      {section.sections.map((child) => (
        <Section
          key={child.path}
          section={child}
          values={values}
          setValue={setValue}
          error={error}
          depth={depth + 1}
        />
      ))}
    </div>
  );
  if (depth === 0) return body;
  const flagged = (detailsOf(error).issues ?? []).some((i) =>
    i.path.startsWith(`${section.path}.`),
  );
  return (
    <details
      open={depth > 1 || flagged || section.path === 'risk'}
      className="rounded-md border border-zinc-800 p-2"
    >
      <summary className="flex min-h-11 cursor-pointer items-center font-medium text-zinc-200 select-none">
        {labelOf(section.path)}
        {flagged && <span className="ml-2 text-xs text-rose-400">needs a fix</span>}
      </summary>
      <div className="pt-2">{body}</div>
    </details>
  );
}

/**
 * Risk and strategy config: validated by the engine as it validates config/trading.yaml, and
 * stored for the engine's next start (it cannot be swapped under open positions: ADR 0005).
 */
export function TradingConfigEditor() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.settings.tradingConfig.queryOptions());
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const save = useMutation(
    trpc.settings.setTradingConfig.mutationOptions({
      onSuccess: () => {
        setDraft(null);
        void queryClient.invalidateQueries({ queryKey: trpc.settings.tradingConfig.queryKey() });
      },
    }),
  );
  const data = current.data;
  // The config waiting for the next start, when there is one: edits build on the latest.
  const base = data?.pending?.config ?? data?.config;
  const layout = useMemo(() => (base === undefined ? null : layoutOf(base)), [base]);
  if (data === undefined || base === undefined || layout === null) {
    return <QueryStatus error={current.error} />;
  }
  const values = draft ?? toFormValues(base);

  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ config: fromFormValues(layout, values) });
      }}
    >
      <div className="space-y-1 text-sm">
        <p>
          In force: <span className="font-mono">{data.sha.slice(0, 12)}</span>{' '}
          <span className="text-zinc-400">
            {data.source === 'FILE' ? `from ${data.path}` : 'stored from the dashboard'}
          </span>
        </p>
        {data.pending !== null && (
          <p className="text-amber-300" data-testid="pending-config">
            Waiting for the next start:{' '}
            <span className="font-mono">{data.pending.sha.slice(0, 12)}</span>, stored by{' '}
            {data.pending.storedBy} at {formatIstDateTime(data.pending.storedAt)}. The form shows
            it.
          </p>
        )}
        <p className="text-xs text-zinc-500">
          A new config applies at the engine&apos;s next start: a running engine keeps the limits,
          universe and strategies it started with. Editing the config file later makes the file win
          again.
        </p>
      </div>
      <Section
        section={layout}
        values={values}
        setValue={(path, value) => {
          setDraft({ ...values, [path]: value });
          save.reset();
        }}
        error={save.error}
        depth={0}
      />
      <Refusal error={save.error} />
      {save.data !== undefined && (
        <p role="status" className="text-sm text-emerald-400">
          Stored as <span className="font-mono">{save.data.sha.slice(0, 12)}</span>
          {save.data.changed
            ? ': applies at next start.'
            : ': the config in force; nothing waits for a start.'}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={draft === null || save.isPending}
          className="min-h-11 rounded-md bg-emerald-700 px-4 font-medium text-white disabled:opacity-40"
        >
          {save.isPending ? 'Validating…' : 'Store for next start'}
        </button>
        {draft !== null && (
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
    </form>
  );
}
