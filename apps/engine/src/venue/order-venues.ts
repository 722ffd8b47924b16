import type { Broker } from '@kavach/broker';
import type { OrderVenue } from '@kavach/db';
import type { TradingMode } from '../control/trading-mode';

/**
 * Where a bracket's orders go: KITE is the Kite connection (Zerodha, or kite-sim, which is
 * paper by nature); PAPER is the in-process paper broker fed by Kite's ticks, for paper
 * trading on a real Kite account. A bracket keeps its venue for life, so a restart or a mode
 * switch never sends an exit to a broker that does not hold the position.
 */
export type { OrderVenue };

export interface OrderVenues {
  /** Where new brackets go now. */
  readonly current: () => OrderVenue;
  readonly broker: (venue: OrderVenue) => Broker;
  /** Each venue in use once (paper and live share one broker on kite-sim). */
  readonly inUse: () => readonly { readonly venue: OrderVenue; readonly broker: Broker }[];
  /** False for a venue whose orders and positions end with the process (in-process paper). */
  readonly outlivesProcess: (venue: OrderVenue) => boolean;
}

export interface OrderVenuesOptions {
  /** The Kite connection: market data always, and the orders of LIVE (or of kite-sim). */
  readonly kite: Broker;
  /** The in-process paper broker; null when Kite itself is a simulator. */
  readonly paper: Broker | null;
  readonly mode: () => TradingMode;
}

/** PAPER mode on a real Kite account trades on paper; everything else goes to Kite. */
export function createOrderVenues(options: OrderVenuesOptions): OrderVenues {
  const { kite, paper } = options;
  return {
    current: () => (paper !== null && options.mode() === 'PAPER' ? 'PAPER' : 'KITE'),
    broker: (venue) => {
      if (venue === 'KITE') return kite;
      if (paper === null) throw new Error('no paper broker: this engine trades on a simulator');
      return paper;
    },
    inUse: () => [
      { venue: 'KITE', broker: kite },
      ...(paper === null ? [] : [{ venue: 'PAPER' as const, broker: paper }]),
    ],
    outlivesProcess: (venue) => venue === 'KITE',
  };
}

/** One venue for everything: tests, benchmarks and kite-sim. */
export function singleVenue(broker: Broker): OrderVenues {
  return createOrderVenues({ kite: broker, paper: null, mode: () => 'PAPER' });
}
