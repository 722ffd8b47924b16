import type { Paise } from '@kavach/domain';

/** Two decimals, as Kite's margin messages write amounts: 95417.84, 74251.80. */
export function formatRupeesFixed(amount: Paise): string {
  return (amount / 100).toFixed(2);
}

/** Shortest form, as Kite's circuit messages write prices: 123.4, 1528.6, 72. */
export function formatRupeesShort(amount: Paise): string {
  return String(amount / 100);
}
