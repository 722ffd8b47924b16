/**
 * How active an NSE session is through the day: a burst after the 09:15 open that fades over
 * half an hour, a quiet midday, and a pick-up into the 15:30 close. `volatilityMultiplier`
 * scales per-step volatility; it is normalised so that its mean square over the session is 1,
 * so a stock's daily volatility stays what its annual figure says. Trading activity (trade
 * frequency and size) follows the square, the variance, as volume does in real markets.
 */

const BASE = 0.75;
const OPEN_BURST = 1.6;
const OPEN_DECAY_MIN = 15;
const CLOSE_BURST = 0.9;
const CLOSE_DECAY_MIN = 20;

function rawShape(minute: number, sessionMinutes: number): number {
  return (
    BASE +
    OPEN_BURST * Math.exp(-minute / OPEN_DECAY_MIN) +
    CLOSE_BURST * Math.exp(-(sessionMinutes - minute) / CLOSE_DECAY_MIN)
  );
}

export interface IntradayShape {
  /** Multiplier of per-step volatility at a minute of the session (0 = the open). */
  readonly volatilityMultiplier: (minute: number) => number;
  /** Multiplier of trading activity: the volatility multiplier squared. */
  readonly activity: (minute: number) => number;
}

export function createIntradayShape(sessionMinutes: number): IntradayShape {
  if (!(sessionMinutes > 0)) throw new RangeError(`session length must be positive`);
  let sumOfSquares = 0;
  const samples = Math.max(1, Math.round(sessionMinutes));
  for (let i = 0; i < samples; i++) {
    const value = rawShape((i + 0.5) * (sessionMinutes / samples), sessionMinutes);
    sumOfSquares += value * value;
  }
  const scale = 1 / Math.sqrt(sumOfSquares / samples);
  const volatilityMultiplier = (minute: number): number => scale * rawShape(minute, sessionMinutes);
  return {
    volatilityMultiplier,
    activity: (minute: number) => volatilityMultiplier(minute) ** 2,
  };
}
