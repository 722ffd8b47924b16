import type { EventMessage, RiskMessage } from '@kavach/bus';
import { z } from 'zod';
import { AUTO_PAUSE_CODES } from '../control/trading-state-model';
import type { AlertInput } from './alert-types';

/** Titles a trader reads on a lock screen; unknown kinds get a generic one. */
const RISK_TITLES: Readonly<Record<string, string>> = {
  ORDER_REJECTED: 'Order rejected',
  SESSION_EXPIRED: 'Kite session expired: log in again',
  KILL_SWITCH: 'Kill switch engaged',
  FLATTEN_FAILED: 'Flatten failed',
  FLATTEN_INCOMPLETE: 'Flatten incomplete: positions still open',
  RECONCILIATION_FAILED: 'Reconciliation failed',
  RECONCILIATION: 'Reconciliation problems: entries paused',
  POSITION_MISMATCH: 'Position differs from the broker',
  EXTERNAL_ORDER: 'Order placed outside the engine',
  DAILY_LOSS_STOP: 'Daily loss limit reached: entries paused',
  HEAT_LIMIT: 'Heat limit reached: entries paused',
  EOD_NOT_FLAT: 'EOD square-off left positions open',
  EOD_SQUARE_OFF_FAILED: 'EOD square-off failed',
  EOD_SQUARE_OFF_MISSED: 'EOD square-off missed',
  SLIPPAGE_BREACH: 'Slippage limit breached',
  OVERFILL: 'Order over-filled',
  CANCEL_FAILED: 'Cancel failed',
  CALENDAR_NOT_COVERED: 'No market calendar for today',
  STATE_NOT_PERSISTED: 'Trading state change not stored',
  PAPER_ENDED: 'Paper position ended by a restart',
};

const PAUSE_CODES: readonly string[] = AUTO_PAUSE_CODES;

/**
 * Keys shared by the several messages one incident produces, so the trader is told once: an
 * automatic pause publishes a risk event (kind = pause code) and a state change (reason
 * `CODE: …`); a session expiry also a `session` event; the kill switch a KILL_SWITCH risk event
 * and a HALTED state change.
 */
const pauseKey = (code: string): string => `pause:${code}`;
const HALT_KEY = 'halt';

/** Risk events of severity WARNING and CRITICAL become alerts; INFO ones are only stored. */
export function alertFromRisk(risk: RiskMessage): AlertInput | null {
  if (risk.severity === 'INFO') return null;
  const title = RISK_TITLES[risk.kind] ?? `Risk event ${risk.kind}`;
  const details = [
    risk.clientOrderId === null ? null : `Order: ${risk.clientOrderId}`,
    risk.groupId === null ? null : `Bracket: ${risk.groupId}`,
  ].filter((line) => line !== null);
  return {
    kind: risk.kind,
    severity: risk.severity,
    title,
    body: [risk.message, ...details].join('\n'),
    dedupeKey: riskDedupeKey(risk),
    correlationId: risk.correlationId,
  };
}

function riskDedupeKey(risk: RiskMessage): string {
  if (risk.kind === 'KILL_SWITCH') return HALT_KEY;
  if (PAUSE_CODES.includes(risk.kind)) return pauseKey(risk.kind);
  return `risk:${risk.kind}:${risk.clientOrderId ?? ''}:${risk.message}`;
}

const actorSchema = z.object({ type: z.string(), name: z.string() });
const tradingStateSchema = z.object({
  state: z.string(),
  previousState: z.string().optional(),
  reason: z.string(),
  actor: actorSchema,
});
const reportSchema = z.object({
  startedAt: z.number(),
  finishedAt: z.number().optional(),
  flat: z.boolean(),
  remainingPositions: z.number(),
  orders: z.array(z.unknown()),
});
const flattenSchema = z.object({ reason: z.string().optional(), report: reportSchema });
const eodSchema = z.object({ date: z.string(), report: reportSchema });
const sessionSchema = z.object({ valid: z.boolean() });
const modeSchema = z.object({ from: z.string(), to: z.string(), actor: actorSchema.optional() });

/** Stored rows carry the pause code in front of the reason: `DAILY_LOSS_STOP: daily loss …`. */
const CODED_REASON = /^([A-Z_]+): ([\s\S]*)$/;

/**
 * Events worth a message. The engine names them `trading_state.changed`, `kill_switch.flattened`,
 * `eod.squared_off`, `trading_mode.changed`, `session`; the short names of the bus schema
 * (`tradingState`, `flatten`, `eod`, `mode`) are accepted too. Everything else (ticks of
 * market data, trades, positions) is for the dashboard, not the phone.
 */
export function alertFromEvent(event: EventMessage): AlertInput | null {
  const { type } = event;
  if (type === 'trading_state.changed' || type === 'tradingState') return fromTradingState(event);
  if (type === 'kill_switch.flattened' || type === 'flatten') return fromFlatten(event);
  if (type === 'eod.squared_off' || type === 'eod') return fromEod(event);
  if (type === 'session') return fromSession(event);
  if (type === 'trading_mode.changed' || type === 'mode') return fromMode(event);
  return null;
}

function fromTradingState(event: EventMessage): AlertInput | null {
  const parsed = tradingStateSchema.safeParse(event.data);
  if (!parsed.success) return null;
  const { state, reason, actor } = parsed.data;
  const match = CODED_REASON.exec(reason);
  const code = match?.[1] ?? null;
  const why = match?.[2] ?? reason;
  if (state === 'HALTED') {
    return {
      kind: 'KILL_SWITCH',
      severity: 'CRITICAL',
      title: 'Trading HALTED',
      body: `${why}\nBy: ${actor.name}. A person must reset, then resume.`,
      dedupeKey: HALT_KEY,
    };
  }
  // A person pausing knows it already; only the engine pausing itself is news.
  if (state !== 'PAUSED' || actor.type !== 'SYSTEM') return null;
  return {
    kind: 'AUTO_PAUSE',
    severity: 'CRITICAL',
    title: 'Entries paused by the engine',
    body: `${why}\nExits continue. Resume (/resume) once resolved.`,
    dedupeKey: pauseKey(code ?? why),
  };
}

function fromFlatten(event: EventMessage): AlertInput | null {
  const parsed = flattenSchema.safeParse(event.data);
  if (!parsed.success) return null;
  const { report, reason } = parsed.data;
  return {
    kind: 'FLATTEN',
    severity: report.flat ? 'WARNING' : 'CRITICAL',
    title: report.flat
      ? 'Kill switch: flat'
      : `Kill switch: ${report.remainingPositions} positions still open`,
    body: [
      event.message,
      reason === undefined ? null : `Reason: ${reason}`,
      `Orders handled: ${report.orders.length}`,
      describeDuration(report),
    ]
      .filter((line) => line !== null)
      .join('\n'),
    dedupeKey: `flatten:${report.startedAt}`,
  };
}

function fromEod(event: EventMessage): AlertInput | null {
  const parsed = eodSchema.safeParse(event.data);
  if (!parsed.success) return null;
  const { report, date } = parsed.data;
  return {
    kind: 'EOD',
    severity: report.flat ? 'INFO' : 'CRITICAL',
    title: report.flat
      ? `EOD square-off ${date}: flat`
      : `EOD square-off ${date}: ${report.remainingPositions} positions still open`,
    body: [event.message, `Orders handled: ${report.orders.length}`, describeDuration(report)]
      .filter((line) => line !== null)
      .join('\n'),
    dedupeKey: `eod:${date}:${report.flat ? 'flat' : 'open'}`,
  };
}

function fromSession(event: EventMessage): AlertInput | null {
  const parsed = sessionSchema.safeParse(event.data);
  if (!parsed.success || parsed.data.valid) return null;
  return {
    kind: 'SESSION_EXPIRED',
    severity: 'CRITICAL',
    title: RISK_TITLES.SESSION_EXPIRED ?? 'Kite session expired',
    body: `${event.message}\nEntries are paused; log in at Kite, then resume.`,
    dedupeKey: pauseKey('SESSION_EXPIRED'),
  };
}

function fromMode(event: EventMessage): AlertInput | null {
  const parsed = modeSchema.safeParse(event.data);
  if (!parsed.success) return null;
  const { from, to, actor } = parsed.data;
  return {
    kind: 'TRADING_MODE',
    // Real money from now on: worth more than an FYI.
    severity: to === 'LIVE' ? 'WARNING' : 'INFO',
    title: `Trading mode ${to}`,
    body: `${from} → ${to}${actor === undefined ? '' : ` by ${actor.name}`}`,
    dedupeKey: `mode:${from}:${to}:${event.at}`,
  };
}

function describeDuration(report: z.infer<typeof reportSchema>): string | null {
  if (report.finishedAt === undefined) return null;
  return `Took ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s`;
}
