import type { Broker, PaperBroker } from '@kavach/broker';
import { createPaperBroker } from '@kavach/broker';
import type { Clock, Instrument, Paise } from '@kavach/domain';

export interface PaperOnKiteOptions {
  /** The Kite connection whose ticks price the paper market. */
  readonly kite: Broker;
  readonly clock: Clock;
  /** What may be traded on paper (the universe). */
  readonly instruments: readonly Instrument[];
  readonly accountFunds: Paise;
  /** Percent for MARKET and SL-M orders sent without one (-1 = automatic). */
  readonly marketProtection: number;
}

/**
 * Paper trading on a real Kite account: the simulator's matching engine in process, priced by
 * every tick Kite sends. Its orders never reach Zerodha.
 */
export function createPaperOnKite(options: PaperOnKiteOptions): PaperBroker {
  const paper = createPaperBroker({
    clock: options.clock,
    instruments: options.instruments,
    accountFunds: options.accountFunds,
    defaultMarketProtection: options.marketProtection,
    // Kite's own orders are polled; these are not, so the paper venue says when they are open.
    publishPlacement: true,
  });
  options.kite.onEvent((event) => {
    if (event.type === 'ticks') paper.pushTicks(event.ticks);
  });
  return paper;
}
