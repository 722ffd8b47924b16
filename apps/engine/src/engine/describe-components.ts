import type { BusStats } from '@kavach/bus';
import type { KiteSessionStatus } from '../control/ports';
import type { TradingStateSnapshot } from '../control/trading-state-model';
import type { ReconciliationStatus } from '../reconciliation/reconciler';

export type ComponentState = 'OK' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

export interface ComponentStatus {
  readonly state: ComponentState;
  /** When the component last proved itself alive (epoch ms); null when it never has. */
  readonly lastSeen: number | null;
  readonly detail: string;
}

export interface ComponentInputs {
  readonly now: number;
  readonly marketOpen: boolean;
  readonly session: KiteSessionStatus;
  /** Last event of any kind from the broker (order report, tick, connection change). */
  readonly lastBrokerEventAt: number | null;
  readonly marketData: {
    readonly state: string;
    /** When it entered this state. */
    readonly at: number | null;
    readonly lastTickAt: number | null;
  };
  readonly bus: { readonly stats: BusStats; readonly lastPublishedAt: number | null };
  readonly database: {
    readonly ok: boolean;
    readonly at: number;
    readonly ms: number;
    /** Records of protective work kept in memory until PostgreSQL takes them (ADR 7). */
    readonly kept: number;
  };
  readonly reconciliation: ReconciliationStatus;
  readonly slippage: {
    readonly paused: boolean;
    readonly breachesInWindow: number;
    readonly breachesToPause: number;
    readonly lastSampleAt: number | null;
  };
  readonly trading: TradingStateSnapshot;
}

/** A tick older than this while the market is open means the feed has gone quiet. */
const STALE_TICKS_MS = 30_000;

/**
 * The market data feed. A connection is OK once a tick came through it: a feed that went
 * silent is dropped as STALE and reconnects at once, so "connected" alone would show OK for
 * most of an outage that lasts.
 */
function describeTicker(input: ComponentInputs): ComponentStatus {
  const { state, at, lastTickAt } = input.marketData;
  if (state !== 'CONNECTED') {
    return {
      state: state === 'CONNECTING' ? 'UNKNOWN' : 'DOWN',
      lastSeen: lastTickAt,
      detail: `market data ${state}`,
    };
  }
  const tickAge = lastTickAt === null ? null : input.now - lastTickAt;
  const silentSinceConnect = lastTickAt !== null && at !== null && lastTickAt < at;
  if (!input.marketOpen || (tickAge !== null && tickAge <= STALE_TICKS_MS && !silentSinceConnect)) {
    return { state: 'OK', lastSeen: lastTickAt, detail: 'connected' };
  }
  const detail =
    tickAge === null
      ? 'connected, no tick yet'
      : silentSinceConnect
        ? `reconnected, no tick since; last tick ${Math.round(tickAge / 1000)} s ago`
        : `connected, last tick ${Math.round(tickAge / 1000)} s ago`;
  return { state: 'DEGRADED', lastSeen: lastTickAt, detail };
}

/** GET /status/all's components: each with a state, a last-seen time and a line for people. */
export function describeComponents(input: ComponentInputs): Record<string, ComponentStatus> {
  const { now } = input;
  const ticker = describeTicker(input);

  const run = input.reconciliation.lastRun;
  const reconciliation: ComponentStatus =
    run === null
      ? { state: 'UNKNOWN', lastSeen: null, detail: 'not run yet' }
      : {
          state:
            run.outcome === 'CLEAN' ? 'OK' : run.outcome === 'DISCREPANCIES' ? 'DEGRADED' : 'DOWN',
          lastSeen: run.at,
          detail:
            run.outcome === 'FAILED'
              ? `failed: ${run.error ?? 'no reason given'}`
              : `${run.discrepancies} discrepancies; ${input.reconciliation.blockedTokens.length} instruments blocked`,
        };

  const { stats } = input.bus;
  const trading = input.trading;
  return {
    brokerSession: {
      state: input.session.valid ? 'OK' : 'DOWN',
      lastSeen: input.lastBrokerEventAt,
      detail: input.session.valid
        ? `session valid${input.session.userId === null ? '' : ` for ${input.session.userId}`}`
        : (input.session.message ?? 'no valid Kite session'),
    },
    ticker,
    bus: {
      // Down now, not ever: once publishing works again the bus is OK (the losses stay counted).
      state: stats.failingNow ? 'DEGRADED' : 'OK',
      lastSeen: input.bus.lastPublishedAt,
      detail: `${stats.published} published, ${stats.publishFailures} lost, ${stats.handlerErrors} handler errors`,
    },
    database: describeDatabase(input.database),
    reconciliation,
    slippage: {
      state: input.slippage.paused ? 'DEGRADED' : 'OK',
      lastSeen: input.slippage.lastSampleAt,
      detail: `${input.slippage.breachesInWindow} of ${input.slippage.breachesToPause} breaches in the window${input.slippage.paused ? '; entries paused' : ''}`,
    },
    risk: {
      state: trading.state === 'ACTIVE' ? 'OK' : trading.state === 'PAUSED' ? 'DEGRADED' : 'DOWN',
      lastSeen: now,
      detail:
        trading.state === 'ACTIVE'
          ? 'entries allowed'
          : `${trading.state}: ${trading.reasons.map((r) => r.message).join('; ') || 'kill switch'}`,
    },
  };
}

/** Down: no entries (no record, no entry); what protects positions is kept until it is back. */
function describeDatabase(database: ComponentInputs['database']): ComponentStatus {
  const kept = database.kept === 0 ? '' : `; ${database.kept} records kept until it takes them`;
  if (!database.ok) {
    return {
      state: 'DOWN',
      lastSeen: null,
      detail: `no answer: new entries refused, protective orders go on${kept}`,
    };
  }
  return {
    state: database.kept === 0 ? 'OK' : 'DEGRADED',
    lastSeen: database.at,
    detail: `answered in ${database.ms} ms${kept}`,
  };
}
