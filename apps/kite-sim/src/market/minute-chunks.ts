import { MS_PER_MINUTE } from './minute-bar-recorder';

/**
 * Where to stop on the way from `from` to `to` (epoch ms) so that no market advance spans a
 * minute boundary inside the session: the end of every minute in between, then `to`. Minute
 * bars are sampled after each stop, so a jump of the clock still leaves a bar per minute.
 * Nothing moves outside the session, so a single stop covers that stretch.
 */
export function splitAtMinutes(
  from: number,
  to: number,
  session: { readonly open: number; readonly close: number },
): number[] {
  const stops: number[] = [];
  const last = Math.min(to, session.close);
  let at = Math.max(from, session.open - 1);
  for (;;) {
    const next = at + 1;
    const end = next - (next % MS_PER_MINUTE) + MS_PER_MINUTE - 1;
    if (end >= last) break;
    stops.push(end);
    at = end;
  }
  stops.push(to);
  return stops;
}
