import type { ReactNode } from 'react';

const TONES = {
  good: 'border-emerald-700 bg-emerald-950/60 text-emerald-300',
  bad: 'border-rose-700 bg-rose-950/60 text-rose-300',
  warn: 'border-amber-700 bg-amber-950/50 text-amber-200',
  info: 'border-sky-700 bg-sky-950/60 text-sky-200',
  muted: 'border-zinc-700 bg-zinc-900 text-zinc-300',
} as const;

export type ChipTone = keyof typeof TONES;

/** A small label: a state, a role, a verdict. */
export function Chip({
  tone = 'muted',
  children,
  title,
}: {
  readonly tone?: ChipTone;
  readonly children: ReactNode;
  readonly title?: string;
}) {
  return (
    <span
      title={title}
      className={`inline-block rounded border px-1.5 py-0.5 text-xs font-semibold whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

const WORKING = new Set([
  'PENDING_SUBMIT',
  'SUBMITTED',
  'OPEN',
  'TRIGGER_PENDING',
  'PARTIALLY_FILLED',
  'MODIFY_PENDING',
  'CANCEL_PENDING',
]);

/** An order status or a bracket state, coloured by what it means for the trader. */
export function statusTone(status: string): ChipTone {
  if (status === 'FILLED') return 'good';
  if (status === 'REJECTED' || status === 'DENIED') return 'bad';
  if (status === 'EXITING' || status === 'CLOSING' || status === 'PARTIALLY_EXITED') return 'warn';
  if (WORKING.has(status) || status === 'ENTRY_WORKING' || status === 'PENDING_ENTRY') {
    return 'info';
  }
  return 'muted';
}
