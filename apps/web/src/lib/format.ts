const rupees = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const price = new Intl.NumberFormat('en-IN', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const istTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** ₹1,23,456.78 from paise (Indian digit grouping). */
export function formatRupees(paiseAmount: number): string {
  return rupees.format(paiseAmount / 100);
}

/** +₹1,234.50 / −₹56.00: P&L always carries its sign. */
export function formatPnl(paiseAmount: number): string {
  if (paiseAmount === 0) return rupees.format(0);
  const sign = paiseAmount > 0 ? '+' : '−';
  return `${sign}${rupees.format(Math.abs(paiseAmount) / 100)}`;
}

/** 1,234.50 from paise: a price without the currency sign, as Kite shows it. */
export function formatPrice(paiseAmount: number | null): string {
  return paiseAmount === null ? '—' : price.format(paiseAmount / 100);
}

/** HH:MM:SS in IST. */
export function formatIstTime(ms: number | null): string {
  return ms === null ? '—' : istTime.format(ms);
}

export function pnlClass(paiseAmount: number): string {
  if (paiseAmount > 0) return 'text-emerald-400';
  if (paiseAmount < 0) return 'text-rose-400';
  return 'text-zinc-300';
}

const istDateTime = new Intl.DateTimeFormat('en-IN', {
  timeZone: 'Asia/Kolkata',
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** 23 Nov, 10:00:05 in IST: for what may be older than today. */
export function formatIstDateTime(ms: number | null): string {
  return ms === null ? '—' : istDateTime.format(ms);
}

/** A latency: 140 ms, 2.4 s. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return Math.abs(ms) < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
