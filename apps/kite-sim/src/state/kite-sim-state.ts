import { z } from 'zod';
import type { KiteSimSnapshot } from '../kite-sim';
import type { RecordedBarsSnapshot } from '../market/minute-bar-recorder';
import type { SimulatorSnapshot } from '../simulator';

/** What the first key of a state file says it is. */
export const KITE_SIM_STATE_FORMAT = 'kavach.kite-sim.state';
/** The state file's layout; a file of another version is refused, not guessed at. */
export const KITE_SIM_STATE_VERSION = 1;

/**
 * Everything kite-sim needs to come back where it stopped, as one JSON document:
 * - `simulator`: the virtual clock, the session's market (generator state and every
 *   instrument's quote state) and the exchange (orders with their full histories, trades,
 *   positions, funds, id sequences, square-offs done), each part versioned by its owner;
 * - `bars`: the live session's recorded minute bars (GET /instruments/historical);
 * - `facade`: GTTs and the access tokens still alive.
 * Injected faults, the postback URL set through /_sim and the clock's speed and pause are not
 * kept: they come from the environment and the control API of the new run.
 */
export interface KiteSimState {
  readonly format: typeof KITE_SIM_STATE_FORMAT;
  readonly version: typeof KITE_SIM_STATE_VERSION;
  /** When the file was written, wall clock (ISO 8601): for people; not read back. */
  readonly savedAt: string;
  readonly simulator: SimulatorSnapshot;
  readonly bars: RecordedBarsSnapshot;
  readonly facade: KiteSimSnapshot;
}

const envelope = z.object({ format: z.literal(KITE_SIM_STATE_FORMAT), version: z.number() });

const sessionSchema = z.object({
  apiKey: z.string(),
  accessToken: z.string(),
  publicToken: z.string(),
  loginTime: z.number(),
  expiresAt: z.number(),
});

/**
 * The parts' outlines; their owners (createSimulator, createMarket, createExchange, the GTT
 * book, the recorder) check the contents and their own versions when restoring.
 */
const stateSchema = z.object({
  format: z.literal(KITE_SIM_STATE_FORMAT),
  version: z.literal(KITE_SIM_STATE_VERSION),
  savedAt: z.string(),
  simulator: z.looseObject({
    version: z.number(),
    now: z.number().int(),
    sessionDate: z.string(),
    market: z.looseObject({ version: z.number(), slots: z.array(z.unknown()) }),
    exchange: z.looseObject({ version: z.number(), orders: z.array(z.unknown()) }),
  }),
  bars: z.object({
    tracks: z.array(
      z.object({
        token: z.number(),
        volume: z.number(),
        dayHigh: z.number().nullable(),
        dayLow: z.number().nullable(),
        volumeAtBarStart: z.number(),
        bars: z.array(
          z.tuple([
            z.number(),
            z.number(),
            z.number(),
            z.number(),
            z.number(),
            z.number(),
            z.number(),
          ]),
        ),
      }),
    ),
  }),
  facade: z.object({
    gtt: z.object({
      nextId: z.number().int(),
      records: z.array(z.looseObject({ id: z.number() })),
    }),
    sessions: z.array(sessionSchema),
  }),
});

/** A parsed state file's JSON as KiteSimState; throws an Error saying what is wrong. */
export function parseKiteSimState(json: unknown): KiteSimState {
  const head = envelope.safeParse(json);
  if (!head.success)
    throw new Error(`not a kite-sim state file (no "format": "${KITE_SIM_STATE_FORMAT}")`);
  if (head.data.version !== KITE_SIM_STATE_VERSION) {
    throw new Error(
      `state file version ${head.data.version} is unknown to this kite-sim (it reads version ${KITE_SIM_STATE_VERSION})`,
    );
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`malformed state at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  // The outline holds; the parts' owners check the rest as they restore.
  return json as KiteSimState;
}

/**
 * What must differ for the state to be worth writing again: everything but the passing of
 * time (the clock, the market's current instant) and the bars, which follow the quotes.
 */
export function changeKey(simulator: SimulatorSnapshot, facade: KiteSimSnapshot): string {
  const { time: _time, advanced: _advanced, ...market } = simulator.market;
  return JSON.stringify([
    simulator.sessionDate,
    simulator.scenario,
    market,
    simulator.exchange,
    facade,
  ]);
}

/** The parts of a state file, each already JSON text (the bars are re-serialised less often). */
export interface StateTexts {
  readonly savedAt: string;
  readonly simulator: string;
  readonly bars: string;
  readonly facade: string;
}

/** The state file's text, in KiteSimState's layout, from its parts' JSON. */
export function composeStateText(parts: StateTexts): string {
  return (
    `{"format":${JSON.stringify(KITE_SIM_STATE_FORMAT)},"version":${KITE_SIM_STATE_VERSION},` +
    `"savedAt":${JSON.stringify(parts.savedAt)},"simulator":${parts.simulator},` +
    `"bars":${parts.bars},"facade":${parts.facade}}\n`
  );
}
