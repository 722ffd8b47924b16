import type { Paise } from '../money/paise';
import type { TradingState } from '../order/order-status';

/**
 * What the risk gates need to know about the account at the moment of a decision. The caller
 * reads the clock and converts to IST; the gates stay pure and replayable.
 */
export interface RiskPortfolio {
  readonly tradingState: TradingState;
  readonly openPositions: number;
  /** Sum over open positions of what each loses if its stop fills: |entry − stop| × quantity. */
  readonly openRisk: Paise;
  readonly realisedPnlToday: Paise;
  readonly unrealisedPnlToday: Paise;
  /** IST time of day in minutes after midnight, [0, 1440); fractions carry seconds. */
  readonly nowIstMinutes: number;
}
