import type { PrismaClient } from '@kavach/db';
import { formatPnl, formatPrice, formatRupees } from '../../lib/format';
import { toShownRecord } from './json-view';
import type { ShownValue } from './json-view';
import type { OrderDetailView } from './order-blotter';
import { toOrderView } from './orders';
import type { OrderView } from './orders';
import { toDecisionView, toSignalDetail } from './signal-page';
import type { DecisionView, SignalDetailView } from './signal-page';
import { toTradeView } from './trades';
import type { TradeView } from './trades';

export type StoryEventKind =
  'SIGNAL' | 'DECISION' | 'SLIPPAGE' | 'ORDER' | 'STATUS' | 'FILL' | 'RISK' | 'TRADE' | 'AUDIT';

/** One step of the story, in time order. */
export interface StoryEvent {
  readonly at: number;
  readonly kind: StoryEventKind;
  readonly title: string;
  readonly detail: string | null;
}

export interface StoryOrder extends OrderView {
  readonly submittedAt: number | null;
  readonly history: OrderDetailView['history'];
  readonly fills: OrderDetailView['fills'];
}

export interface SlippageSampleView {
  readonly id: string;
  readonly orderId: string | null;
  readonly source: string;
  readonly strategy: string;
  readonly tradingSymbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly check: string;
  readonly checkReason: string | null;
  readonly breach: boolean;
  readonly signalPrice: number;
  readonly marketPrice: number;
  readonly sentPrice: number | null;
  readonly fillPrice: number | null;
  /** Per unit; positive is adverse. */
  readonly slippage: number | null;
  readonly slippageBps: number | null;
  readonly quoteDriftBps: number;
  readonly configSha: string;
  /** Each step's time, ms after the one before it; null when the step never happened. */
  readonly latency: {
    readonly validateMs: number;
    readonly sendMs: number | null;
    readonly ackMs: number | null;
    readonly fillMs: number | null;
    readonly totalMs: number | null;
  };
  readonly signalAt: number;
}

export interface AuditView {
  readonly id: string;
  readonly at: number;
  readonly actorType: string;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly payload: Readonly<Record<string, ShownValue>>;
}

export interface ConfigRef {
  readonly sha: string;
  /** trading, slippage, …; null when the version is not stored. */
  readonly kind: string | null;
  /** What named it: signal, decision, slippage check. */
  readonly usedBy: readonly string[];
}

export interface TradeStory {
  readonly correlationId: string;
  /** False when nothing at all is stored under the id. */
  readonly found: boolean;
  readonly signals: readonly SignalDetailView[];
  readonly decisions: readonly (DecisionView & { readonly signalId: string })[];
  readonly orders: readonly StoryOrder[];
  readonly trades: readonly TradeView[];
  readonly slippage: readonly SlippageSampleView[];
  readonly audit: readonly AuditView[];
  readonly riskEvents: readonly {
    readonly id: string;
    readonly kind: string;
    readonly severity: string;
    readonly message: string;
    readonly at: number;
  }[];
  readonly configs: readonly ConfigRef[];
  readonly timeline: readonly StoryEvent[];
}

/** Ties in time keep the causal order: a signal before its decision before its orders… */
const KIND_ORDER: Readonly<Record<StoryEventKind, number>> = {
  SIGNAL: 0,
  DECISION: 1,
  SLIPPAGE: 2,
  ORDER: 3,
  STATUS: 4,
  FILL: 5,
  RISK: 6,
  TRADE: 7,
  AUDIT: 8,
};

const ms = (date: Date | null): number | null => (date === null ? null : date.getTime());
const gap = (from: Date | null, to: Date | null): number | null =>
  from === null || to === null ? null : to.getTime() - from.getTime();

/**
 * Everything stored under one correlation id — signal, decision, orders with their states
 * and fills, slippage samples, the trade, risk events and audit records — and the story they
 * tell, in time order. This is how a trade is explained after the fact.
 */
export async function readTradeStory(
  prisma: PrismaClient,
  correlationId: string,
): Promise<TradeStory> {
  const where = { correlationId };
  const [signalRows, decisionRows, orderRows, tradeRows, sampleRows, auditRows, riskRows] =
    await Promise.all([
      prisma.signal.findMany({
        where,
        include: {
          instrument: true,
          decisions: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1 },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      prisma.decision.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      prisma.order.findMany({
        where,
        include: {
          instrument: true,
          statusHistory: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
          fills: { orderBy: [{ filledAt: 'asc' }, { id: 'asc' }] },
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
      prisma.trade.findMany({
        where,
        include: { instrument: true },
        orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
      }),
      prisma.slippageSample.findMany({
        where,
        include: { instrument: true },
        orderBy: [{ signalAt: 'asc' }, { id: 'asc' }],
      }),
      prisma.auditLog.findMany({ where, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
      prisma.riskEvent.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ]);

  const signals = signalRows.map(toSignalDetail);
  const decisions = decisionRows.map((row) => ({ ...toDecisionView(row), signalId: row.signalId }));
  const orders: StoryOrder[] = orderRows.map((row) => ({
    ...toOrderView(row),
    submittedAt: ms(row.submittedAt),
    history: row.statusHistory.map((h) => ({
      id: h.id,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      reason: h.reason,
      source: h.source,
      at: h.at.getTime(),
    })),
    fills: row.fills.map((f) => ({
      id: f.id,
      tradeId: f.tradeId,
      quantity: f.quantity,
      price: f.pricePaise,
      source: f.source,
      filledAt: f.filledAt.getTime(),
    })),
  }));
  const trades = tradeRows.map(toTradeView);
  const slippage: SlippageSampleView[] = sampleRows.map((row) => ({
    id: row.id,
    orderId: row.orderId,
    source: row.source,
    strategy: row.strategy,
    tradingSymbol: row.instrument.tradingSymbol,
    side: row.side,
    quantity: row.quantity,
    check: row.check,
    checkReason: row.checkReason,
    breach: row.breach,
    signalPrice: row.signalPricePaise,
    marketPrice: row.marketPricePaise,
    sentPrice: row.sentPricePaise,
    fillPrice: row.fillPricePaise,
    slippage: row.slippagePaise,
    slippageBps: row.slippageBps,
    quoteDriftBps: row.quoteDriftBps,
    configSha: row.configSha,
    latency: {
      validateMs: row.validatedAt.getTime() - row.signalAt.getTime(),
      sendMs: gap(row.validatedAt, row.sentAt),
      ackMs: gap(row.sentAt, row.ackAt),
      fillMs: gap(row.ackAt ?? row.sentAt, row.firstFillAt),
      totalMs: row.totalMs,
    },
    signalAt: row.signalAt.getTime(),
  }));
  const audit: AuditView[] = auditRows.map((row) => ({
    id: row.id,
    at: row.at.getTime(),
    actorType: row.actorType,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    payload: toShownRecord(row.payload),
  }));
  const riskEvents = riskRows.map((row) => ({
    id: row.id,
    kind: row.kind,
    severity: row.severity,
    message: row.message,
    at: row.createdAt.getTime(),
  }));

  const configs = await readConfigRefs(prisma, [
    ...signals.map((s) => ({ sha: s.configSha, usedBy: 'signal' })),
    ...decisions.map((d) => ({ sha: d.configSha, usedBy: 'decision' })),
    ...slippage.map((s) => ({ sha: s.configSha, usedBy: 'slippage check' })),
  ]);

  const timeline = buildTimeline({
    signals,
    decisions,
    orders,
    trades,
    slippage,
    audit,
    riskEvents,
  });
  return {
    correlationId,
    found: timeline.length > 0,
    signals,
    decisions,
    orders,
    trades,
    slippage,
    audit,
    riskEvents,
    configs,
    timeline,
  };
}

async function readConfigRefs(
  prisma: PrismaClient,
  uses: readonly { readonly sha: string; readonly usedBy: string }[],
): Promise<ConfigRef[]> {
  const bySha = new Map<string, string[]>();
  for (const use of uses) {
    const list = bySha.get(use.sha) ?? [];
    if (!list.includes(use.usedBy)) list.push(use.usedBy);
    bySha.set(use.sha, list);
  }
  if (bySha.size === 0) return [];
  const stored = await prisma.configVersion.findMany({
    where: { sha: { in: [...bySha.keys()] } },
    select: { sha: true, kind: true },
  });
  const kindOf = new Map(stored.map((row) => [row.sha, row.kind]));
  return [...bySha].map(([sha, usedBy]) => ({ sha, kind: kindOf.get(sha) ?? null, usedBy }));
}

function buildTimeline(story: {
  readonly signals: readonly SignalDetailView[];
  readonly decisions: readonly DecisionView[];
  readonly orders: readonly StoryOrder[];
  readonly trades: readonly TradeView[];
  readonly slippage: readonly SlippageSampleView[];
  readonly audit: readonly AuditView[];
  readonly riskEvents: TradeStory['riskEvents'];
}): StoryEvent[] {
  const events: StoryEvent[] = [];
  for (const s of story.signals) {
    events.push({
      at: s.createdAt,
      kind: 'SIGNAL',
      title: `${s.strategy}: ${s.side} ${s.tradingSymbol} at ${formatPrice(s.entryPrice)}, stop ${formatPrice(s.stopPrice)}`,
      detail: `score ${s.score.toFixed(2)}${s.rank === null ? '' : ` · rank ${s.rank}`}`,
    });
  }
  for (const d of story.decisions) {
    events.push({
      at: d.createdAt,
      kind: 'DECISION',
      title: d.approved
        ? `Approved: ${d.quantity} (${d.lots} lot${d.lots === 1 ? '' : 's'}), risk ${formatRupees(d.riskAmount)}`
        : `Refused: ${d.reason ?? 'no reason recorded'}`,
      detail: `heat ${formatRupees(d.heatBefore)} → ${formatRupees(d.heatAfter)}`,
    });
  }
  for (const s of story.slippage) {
    events.push({
      at: s.signalAt + s.latency.validateMs,
      kind: 'SLIPPAGE',
      title: `Price check ${s.check}: market ${formatPrice(s.marketPrice)} against signal ${formatPrice(s.signalPrice)}`,
      detail: [`drift ${s.quoteDriftBps.toFixed(1)} bps`, s.checkReason, s.breach ? 'breach' : null]
        .filter((part) => part !== null)
        .join(' · '),
    });
  }
  for (const o of story.orders) {
    const label = `${o.role} ${o.side} ${o.orderType} ${o.quantity} ${o.tradingSymbol}`;
    const first = o.history[0];
    // Rows written before the history existed (or imported) have no first history row.
    if (first?.fromStatus !== null) {
      events.push({ at: o.createdAt, kind: 'ORDER', title: `${label} written`, detail: null });
    }
    for (const h of o.history) {
      events.push(
        h.fromStatus === null
          ? {
              at: h.at,
              kind: 'ORDER',
              title: `${label} at ${formatPrice(o.triggerPrice ?? o.price)} written (${h.toStatus})`,
              detail: h.reason,
            }
          : {
              at: h.at,
              kind: 'STATUS',
              title: `${o.role}: ${h.fromStatus} → ${h.toStatus}`,
              detail: [h.source, h.reason].filter((part) => part !== null).join(' · '),
            },
      );
    }
    for (const f of o.fills) {
      events.push({
        at: f.filledAt,
        kind: 'FILL',
        title: `${o.role} filled ${f.quantity} at ${formatPrice(f.price)}`,
        detail: `${f.source} · trade ${f.tradeId}`,
      });
    }
  }
  for (const r of story.riskEvents) {
    events.push({ at: r.at, kind: 'RISK', title: `${r.severity} ${r.kind}`, detail: r.message });
  }
  for (const t of story.trades) {
    events.push({
      at: t.closedAt,
      kind: 'TRADE',
      title: `Trade closed: ${formatPnl(t.realisedPnl)} (net ${formatPnl(t.netPnl)})`,
      detail: `${t.quantity} in at ${formatPrice(t.entryAveragePrice)}, out at ${formatPrice(t.exitAveragePrice)} · fees ${formatRupees(t.fees)} · slippage ${formatRupees(t.slippage)}`,
    });
  }
  for (const a of story.audit) {
    events.push({
      at: a.at,
      kind: 'AUDIT',
      title: `${a.action} by ${a.actor}`,
      detail: a.entityId === null ? a.entity : `${a.entity} ${a.entityId}`,
    });
  }
  return events.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}
