import { groupIndianDigits } from '../money/format-inr';
import { formatHhMm } from '../time/time-of-day';

/**
 * '₹1,23,456.50' / '-₹12.05' from exact paise, for reject details, grouped like the
 * dashboard. Takes BigInt too because a per-lot figure (stop × lot size) may exceed the
 * Paise range that formatRupees accepts; never goes through a float.
 */
export function describeRupees(amount: number | bigint): string {
  const exact = BigInt(amount);
  const abs = exact < 0n ? -exact : exact;
  const rupees = groupIndianDigits(String(abs / 100n));
  const fraction = String(abs % 100n).padStart(2, '0');
  return `${exact < 0n ? '-' : ''}₹${rupees}.${fraction}`;
}

/** 'HH:MM' for minutes after midnight in [0, 1440); seconds are dropped, as a clock face would. */
export function describeTimeOfDay(minutes: number): string {
  const whole = Math.floor(minutes);
  return formatHhMm({ hour: Math.floor(whole / 60), minute: whole % 60 });
}
