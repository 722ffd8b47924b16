import { istDayStart } from '@kavach/domain';
import type { Paise } from '@kavach/domain';

/** How a scripted price moves between two points of its path. */
export type Interpolation = 'step' | 'linear';

/**
 * What instruments without a path do: `flat` keeps every unscripted stock and index at its
 * previous close (exact, for tests), `generator` lets the seeded generator move them.
 * Derivatives always follow their underlying unless they have a path of their own.
 */
export type UnscriptedMode = 'flat' | 'generator';

export interface ScenarioPoint {
  /** Seconds after IST midnight on the scenario's session date. */
  readonly secondOfDay: number;
  readonly price: Paise;
}

export interface ScenarioPath {
  readonly interpolation: Interpolation;
  /** Strictly increasing in time. */
  readonly points: readonly ScenarioPoint[];
}

/**
 * A scripted session: exact price paths for chosen instruments, keyed as Kite keys quotes
 * ('NSE:INFY', 'NSE:NIFTY 50', 'NFO:NIFTY26FEBFUT'). A path takes over at its first point
 * (until then the instrument behaves as an unscripted one) and holds its last price after its
 * last point. A scripted index or stock carries its futures and options with it; a scripted
 * future or option trades exactly as written, whatever its underlying does.
 */
export interface Scenario {
  readonly name: string;
  readonly description: string | null;
  readonly sessionDate: string;
  /** Where the virtual clock should start, seconds after IST midnight (default 09:15:00). */
  readonly startSecondOfDay: number;
  readonly unscripted: UnscriptedMode;
  /** Overrides of the previous close (day's reference price), by instrument key. */
  readonly previousClose: ReadonlyMap<string, Paise>;
  readonly paths: ReadonlyMap<string, ScenarioPath>;
}

/** The instant a scenario wants the virtual clock to start from (epoch ms). */
export function scenarioStartMs(scenario: Scenario): number {
  return istDayStart(scenario.sessionDate) + scenario.startSecondOfDay * 1_000;
}
