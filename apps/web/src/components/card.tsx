import type { ReactNode } from 'react';

export function Card({
  title,
  children,
  className = '',
}: {
  readonly title: string;
  readonly children: ReactNode;
  readonly className?: string;
}) {
  return (
    <section
      aria-label={title}
      className={`rounded-lg border border-zinc-800 bg-zinc-900/60 p-3 ${className}`}
    >
      <h2 className="mb-2 text-xs font-semibold tracking-wide text-zinc-400 uppercase">{title}</h2>
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  valueClass = '',
  testId,
}: {
  readonly label: string;
  readonly value: string;
  readonly valueClass?: string;
  readonly testId?: string;
}) {
  return (
    <div className="min-w-0">
      <div className="text-xs text-zinc-400">{label}</div>
      <div className={`truncate text-lg font-semibold ${valueClass}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}
