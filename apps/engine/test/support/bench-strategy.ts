import type { Instrument, Paise } from '@kavach/domain';
import { paise, roundToTick } from '@kavach/domain';
import type { Strategy } from '../../src/strategies';

/** Where a cued signal puts its prices, off the market's last price. */
export interface CuePlan {
  /**
   * Ticks from the last price: a few below rests, a few above fills at once. Ticks, not bps: the
   * slippage check also holds an entry to ₹10 a unit, which bps of a dear stock would pass.
   */
  readonly entryTicks: number;
  /** From the entry, in basis points. */
  readonly stopBps: number;
  readonly targetBps: number;
}

export interface CueStrategy {
  readonly strategy: Strategy;
  /** The instrument signals a BUY on its next closed bar, once. */
  readonly arm: (token: number, plan: CuePlan) => void;
  readonly armed: () => number;
}

/**
 * A strategy that signals when the bench says so, priced off the live market (so the
 * slippage check sees the drift the plan asks for and nothing more). What it measures is the
 * path after a signal, not a strategy's selectivity.
 */
export function createCueStrategy(lastPrice: (token: number) => Paise | null): CueStrategy {
  const cued = new Map<number, CuePlan>();
  const at = (instrument: Instrument, base: number, bps: number) =>
    roundToTick(paise(Math.round(base * (1 + bps / 10_000))), instrument.tickSize, 'nearest');
  return {
    strategy: {
      id: 'bench',
      evaluate: ({ instrument, bars }) => {
        const plan = cued.get(instrument.token);
        const last = bars.at(-1);
        if (plan === undefined || last === undefined) return null;
        cued.delete(instrument.token);
        const base = lastPrice(instrument.token) ?? last.close;
        const entry = paise(base + plan.entryTicks * instrument.tickSize);
        return {
          strategy: 'bench',
          token: instrument.token,
          side: 'BUY',
          entry,
          stop: at(instrument, entry, plan.stopBps),
          tp1: at(instrument, entry, plan.targetBps),
          tp2: at(instrument, entry, 2 * plan.targetBps),
          features: { close: last.close },
          featureScores: { close: 1 },
          score: 1,
          reason: 'the bench cued it',
        };
      },
    },
    arm: (token, plan) => {
      cued.set(token, plan);
    },
    armed: () => cued.size,
  };
}
