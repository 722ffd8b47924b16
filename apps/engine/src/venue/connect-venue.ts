import type { KiteBroker } from '@kavach/broker';
import { createKiteBroker } from '@kavach/broker';
import type { Env, Logger } from '@kavach/config';
import { systemClock } from '@kavach/config';
import type { Clock } from '@kavach/domain';
import type { KiteSessionStatus } from '../control/ports';
import { fenceBrokerWrites } from '../lease/fence-broker-writes';
import { createVenueClock, readVenueTime, simControlHeaders } from '../market-data/venue-clock';

/** Zerodha's API root; KITE_ROOT overrides it (kite-sim). */
const KITE_API_ROOT = 'https://api.kite.trade';

export type SessionRenewal =
  | { readonly ok: true; readonly session: KiteSessionStatus }
  | { readonly ok: false; readonly code: 'SESSION_REFUSED'; readonly message: string };

export interface Venue {
  readonly kind: 'SIMULATOR' | 'KITE';
  readonly root: string;
  readonly clock: Clock;
  readonly broker: KiteBroker;
  readonly session: () => KiteSessionStatus;
  /** The request token from Kite's login redirect → a new session for orders and data. */
  readonly renewSession: (requestToken: string) => Promise<SessionRenewal>;
  readonly stop: () => void;
}

export class VenueError extends Error {
  override readonly name = 'VenueError';
}

async function mintSimulatorSession(
  root: string,
  apiKey: string,
  controlToken: string | undefined,
): Promise<string> {
  const response = await fetch(`${root}/_sim/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...simControlHeaders(controlToken) },
    body: JSON.stringify({ api_key: apiKey }),
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) {
    throw new VenueError(`kite-sim refused a session for ${apiKey}: HTTP ${response.status}`);
  }
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new VenueError('kite-sim sent no access_token');
  return body.access_token;
}

/**
 * Where the engine trades. A root that answers kite-sim's control API is a simulator: the
 * engine's clock follows its virtual time (so a session replayed at night is traded as the
 * day it simulates) and, without KITE_ACCESS_TOKEN, a session is minted there. Anything else
 * is Zerodha: the system clock, and a session must be given.
 */
export interface ConnectVenueOptions {
  /** False once this engine lost its lease: no broker write leaves it after that. */
  readonly mayWrite?: () => boolean;
  /** Today's session from the dashboard's login, as stored (Zerodha only). */
  readonly storedSession?: KiteSessionSecret | null;
  /** A new session from a login: store it for the next engine (restart or standby). */
  readonly onSessionCreated?: (session: KiteSessionSecret) => Promise<void>;
}

export interface KiteSessionSecret {
  readonly accessToken: string;
  readonly userId: string;
}

export async function connectVenue(
  env: Env,
  logger: Logger,
  options: ConnectVenueOptions = {},
): Promise<Venue> {
  const root = env.KITE_ROOT ?? KITE_API_ROOT;
  // The simulator's control token goes to a simulator, never to Zerodha.
  const control = {
    controlToken:
      new URL(root).host === new URL(KITE_API_ROOT).host ? undefined : env.KITE_SIM_CONTROL_TOKEN,
  };
  const venueTime = env.KITE_ROOT === undefined ? null : await readVenueTime(root, control);
  let clock: Clock = systemClock;
  let syncTimer: ReturnType<typeof setInterval> | null = null;
  if (venueTime !== null) {
    const venueClock = createVenueClock();
    venueClock.sync(venueTime);
    syncTimer = setInterval(() => {
      void readVenueTime(root, control).then((reading) => {
        if (reading !== null) venueClock.sync(reading);
      });
    }, 1_000);
    syncTimer.unref();
    clock = venueClock;
  }
  // On Zerodha this morning's login (stored) beats a token fixed in the environment.
  const stored = venueTime === null ? (options.storedSession ?? null) : null;
  const accessToken =
    stored?.accessToken ??
    env.KITE_ACCESS_TOKEN ??
    (venueTime === null
      ? null
      : await mintSimulatorSession(root, env.KITE_API_KEY, control.controlToken));
  if (accessToken === null) {
    throw new VenueError(
      'no Kite session: log in once on the dashboard (a running engine stores the session), set KITE_ACCESS_TOKEN, or point KITE_ROOT at kite-sim',
    );
  }
  // kite-sim serves its ticker beside its REST API.
  const tickerRoot =
    env.KITE_TICKER_ROOT ??
    (venueTime === null ? undefined : `${root.replace(/^http/, 'ws').replace(/\/$/, '')}/ws`);
  let session: KiteSessionStatus = {
    valid: true,
    userId: stored?.userId ?? null,
    expiresAt: null,
    message: null,
  };
  const kite = createKiteBroker({
    apiKey: env.KITE_API_KEY,
    apiSecret: env.KITE_API_SECRET,
    accessToken,
    root,
    ...(tickerRoot === undefined ? {} : { tickerRoot }),
    clock,
    logger,
  });
  // Only the engine holding the account's lease may send orders (see take-engine-lease).
  const broker = options.mayWrite === undefined ? kite : fenceBrokerWrites(kite, options.mayWrite);
  broker.onEvent((event) => {
    if (event.type === 'sessionExpired') {
      session = { valid: false, userId: null, expiresAt: null, message: event.message };
    }
  });
  logger.info({ root, simulator: venueTime !== null }, 'venue connected');
  return {
    kind: venueTime === null ? 'KITE' : 'SIMULATOR',
    root,
    clock,
    broker,
    session: () => session,
    renewSession: async (requestToken) => {
      const created = await broker.createSession(requestToken);
      if (!created.ok) {
        logger.warn({ code: created.error.code }, 'Kite refused the login');
        return { ok: false, code: 'SESSION_REFUSED', message: created.error.message };
      }
      session = { valid: true, userId: created.value.userId, expiresAt: null, message: null };
      logger.info({ userId: created.value.userId }, 'Kite session renewed');
      await options.onSessionCreated?.(created.value).catch((error: unknown) => {
        logger.error({ err: error }, 'the new Kite session could not be stored');
      });
      return { ok: true, session };
    },
    stop: () => {
      if (syncTimer !== null) clearInterval(syncTimer);
    },
  };
}
