import { formatRupees, roundToTick } from '@kavach/domain';
import type { Paise, TickRounding } from '@kavach/domain';
import type { EntryAlert } from './tradingview-alert';

export type AlignedPrices =
  | {
      readonly ok: true;
      readonly entry: Paise;
      readonly stop: Paise;
      readonly targets: readonly [Paise] | readonly [Paise, Paise];
      /** Whether any price moved: kept with the signal. */
      readonly moved: boolean;
    }
  | { readonly ok: false; readonly field: 'stop' | 'targets'; readonly message: string };

/**
 * The alert's prices on the instrument's tick, each rounded the safe way rather than refused:
 * the entry so it never pays more (BUY down, SELL up), the stop toward the entry so the risk
 * never exceeds what was sized, the targets toward the entry so each is reached no later than
 * asked. Rounding can only narrow the bracket, so it is refused when that collapses it (a
 * stop within a tick of the entry, two targets on one tick).
 */
export function alignAlertPrices(alert: EntryAlert, tick: Paise): AlignedPrices {
  const buy = alert.action === 'BUY';
  const towardEntryFromBelow: TickRounding = 'up';
  const towardEntryFromAbove: TickRounding = 'down';
  const entry = roundToTick(alert.price, tick, buy ? 'down' : 'up');
  const stop = roundToTick(alert.stop, tick, buy ? towardEntryFromBelow : towardEntryFromAbove);
  const [tp1, tp2] = alert.targets.map((target) =>
    roundToTick(target, tick, buy ? towardEntryFromAbove : towardEntryFromBelow),
  ) as [Paise, Paise | undefined];
  const beyond = (a: Paise, b: Paise) => (buy ? a > b : a < b);
  const onTick = `on the ${formatRupees(tick)} tick`;
  if (!beyond(entry, stop)) {
    return {
      ok: false,
      field: 'stop',
      message: `stop ${formatRupees(stop)} is not ${buy ? 'below' : 'above'} the entry ${formatRupees(entry)} ${onTick}`,
    };
  }
  if (!beyond(tp1, entry)) {
    return {
      ok: false,
      field: 'targets',
      message: `TP1 ${formatRupees(tp1)} is not ${buy ? 'above' : 'below'} the entry ${formatRupees(entry)} ${onTick}`,
    };
  }
  if (tp2 !== undefined && !beyond(tp2, tp1)) {
    return {
      ok: false,
      field: 'targets',
      message: `TP2 ${formatRupees(tp2)} is not beyond TP1 ${formatRupees(tp1)} ${onTick}`,
    };
  }
  const targets: readonly [Paise] | readonly [Paise, Paise] =
    tp2 === undefined ? [tp1] : [tp1, tp2];
  const moved =
    entry !== alert.price ||
    stop !== alert.stop ||
    targets.some((target, index) => target !== alert.targets[index]);
  return { ok: true, entry, stop, targets, moved };
}
