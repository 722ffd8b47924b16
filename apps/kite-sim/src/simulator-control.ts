import type { Paise } from '@kavach/domain';

export interface SimulatorState {
  /** Virtual time, epoch ms, and as Kite writes it in IST. */
  readonly now: number;
  readonly nowIst: string;
  readonly speed: number;
  readonly paused: boolean;
  readonly marketOpen: boolean;
  /** 'auto' follows the NSE calendar; 'open'/'closed' are forced by the control API. */
  readonly marketMode: 'auto' | 'open' | 'closed';
  readonly sessionDate: string | null;
  readonly scenario: string | null;
}

/**
 * What /_sim can do to the simulated world (clock, prices, market hours, scenarios, order
 * rejections). Methods throw RangeError (or the scenario loader's error) for bad input.
 */
export interface SimulatorControl {
  readonly state: () => SimulatorState;
  readonly setClock: (ms: number) => void;
  readonly stepClock: (ms: number) => void;
  readonly setSpeed: (speed: number) => void;
  readonly pause: () => void;
  readonly resume: () => void;
  /** Resolve 'NSE:INFY' or a token string to an instrument token. */
  readonly resolveInstrument: (key: string) => number | undefined;
  readonly setPrice: (token: number, price: Paise) => void;
  readonly nudgePrice: (token: number, bps: number) => void;
  readonly setMarketStatus: (status: 'open' | 'closed' | null) => void;
  readonly reset: () => void;
  /** A scenario as its JSON file holds it. */
  readonly loadScenario: (scenario: unknown) => void;
  readonly injectRejection: (fault: { count: number; reason: string; raw?: string }) => void;
}
