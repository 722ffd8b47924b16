import type {
  Broker,
  BrokerFailure,
  BrokerOrderReport,
  ModifyOrderCommand,
  OrderReportSource,
  PlacedOrder,
  PlaceOrderCommand,
} from '@kavach/broker';
import type { Logger } from '@kavach/config';
import type { NewOrder, OrderStatements, PrismaClient } from '@kavach/db';
import {
  createOcoGroupRow,
  newRowId,
  prismaStatements,
  recordRiskEvent,
  toJson,
  writeAheadOrder,
} from '@kavach/db';
import type {
  Clock,
  GroupCommand,
  GroupEvent,
  Instrument,
  LegRole,
  OrderEvent,
  OrderType,
  Paise,
  Product,
} from '@kavach/domain';
import {
  applyGroupEvent,
  applyOrderEvent,
  chooseMarketProtection,
  classifyRejection,
  createGroup,
  createOrderState,
  isClosedStatus,
  measureGroupPosition,
} from '@kavach/domain';
import { type Failpoint, noFailpoint } from '../failpoints/create-failpoint';
import { failpointOfGroupStep } from '../failpoints/group-step-failpoint';
import { type WriteBehind, writeThrough } from '../storage/write-behind';
import type { OrderVenue, OrderVenues } from '../venue/order-venues';
import { createClientOrderId } from './client-order-id';
import { createKeyedQueue } from './keyed-queue';
import { groupEventsFor, toSnapshotEvent } from './order-events-from-report';
import { planResume, replayOrderStates } from './resume-group';
import type {
  BracketRequest,
  ManagedGroup,
  OcoObserver,
  RiskRaised,
  TrackedOrder,
} from './oco-types';

export interface OcoManagerOptions {
  readonly prisma: PrismaClient;
  /** Where new brackets go, and the broker of each venue. */
  readonly venues: OrderVenues;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly observer: OcoObserver;
  readonly product: Product;
  /** Percent for MARKET and SL-M orders; null = the broker adapter's default. */
  readonly marketProtection: number | null;
  /** The last traded price of an instrument, to widen protection on cheap contracts. */
  readonly lastPrice?: (token: number) => Paise | null;
  /** Attempts for a retryable failure (429, "being processed"), with doubling delays. */
  readonly retryAttempts?: number;
  readonly retryBaseDelayMs?: number;
  /**
   * Attempts for a modify or cancel whose answer is lost (5xx, a dropped connection), delays
   * capped at 4 s: about two minutes of broker outage ridden out by default.
   */
  readonly ambiguousRetryAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly newClientOrderId?: (role: LegRole) => string;
  /** Named crash points for the reliability suite (ENGINE_FAILPOINT); default: none. */
  readonly failpoint?: Failpoint;
  /**
   * Where the records of protective work go: kept while PostgreSQL is away (ADR 7). An entry's
   * write-ahead row never goes here: no record, no entry. Default: written at once.
   */
  readonly writes?: WriteBehind;
  /**
   * The statements an order waits on (Db.statements: prepared statements on PostgreSQL,
   * without Prisma's per-query cost); default Prisma's raw queries.
   */
  readonly statements?: OrderStatements;
}

export type OpenBracketResult =
  | { readonly ok: true; readonly group: ManagedGroup }
  | { readonly ok: false; readonly code: 'INVALID_PLAN' | 'DUPLICATE'; readonly message: string };

export interface OcoManager {
  /** Writes the group and its entry's write-ahead row, then sends the entry. */
  readonly openBracket: (request: BracketRequest) => Promise<OpenBracketResult>;
  /**
   * A broker report (ticker, postback, poll) from a venue: through the order machine into the
   * group. Reports are matched within their venue only.
   */
  readonly handleReport: (
    report: BrokerOrderReport,
    source: OrderReportSource,
    venue: OrderVenue,
    /** The broker's word that may contradict the engine (restart recovery, reconciliation). */
    authoritative?: boolean,
  ) => Promise<void>;
  /** Cancel everything working in the group and exit what it holds (EOD, kill switch). */
  readonly flattenGroup: (groupId: string, reason: string) => Promise<void>;
  /** Cancel the rest of the entry; what filled stays, protected. */
  readonly abandonEntry: (groupId: string, reason: string) => Promise<void>;
  readonly groups: () => readonly ManagedGroup[];
  readonly openGroups: () => readonly ManagedGroup[];
  readonly order: (clientOrderId: string) => TrackedOrder | undefined;
  readonly ordersOf: (groupId: string) => readonly TrackedOrder[];
  /** Adds a group rebuilt from storage (restart); its orders must be registered with it. */
  readonly adopt: (group: ManagedGroup, orders: readonly TrackedOrder[]) => void;
  /** Applies an order event the engine itself decided (restart recovery, in-flight checks). */
  readonly applyLocalEvent: (clientOrderId: string, event: OrderEvent) => Promise<void>;
  /**
   * Restart recovery, once the broker's book is applied: tells the group what its orders did
   * that it missed, then sends again what a crash kept from the broker (see resume-group.ts).
   * Returns how many commands went out again.
   */
  readonly resume: (groupId: string) => Promise<number>;
  /** Resolves once every queued report and command has been handled. */
  readonly idle: () => Promise<void>;
}

const MAX_RETRY_DELAY_MS = 4_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createOcoManager(options: OcoManagerOptions): OcoManager {
  const { prisma, venues, clock, logger, observer } = options;
  const retryAttempts = options.retryAttempts ?? 4;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 250;
  const ambiguousRetryAttempts = options.ambiguousRetryAttempts ?? 30;
  const sleep = options.sleep ?? realSleep;
  const newClientOrderId = options.newClientOrderId ?? createClientOrderId;
  const failpoint = options.failpoint ?? noFailpoint;
  const queue = createKeyedQueue();
  const writes = options.writes ?? writeThrough;
  const statements = options.statements ?? prismaStatements(prisma);
  const groups = new Map<string, ManagedGroup>();
  const orders = new Map<string, TrackedOrder>();
  /** `${venue}:${brokerOrderId}` → client order id: two venues may use the same ids. */
  const byBrokerId = new Map<string, string>();
  const brokerKey = (venue: OrderVenue, brokerOrderId: string) => `${venue}:${brokerOrderId}`;
  const brokerOf = (groupId: string): Broker => {
    const managed = groups.get(groupId);
    if (managed === undefined) throw new Error(`no group ${groupId}`);
    return venues.broker(managed.venue);
  };
  const venueOf = (order: TrackedOrder): OrderVenue => groups.get(order.groupId)?.venue ?? 'KITE';
  const inFlight = new Set<Promise<void>>();
  /** Groups changed by an event whose store waits for the next event of the same report. */
  const unsaved = new Set<string>();

  async function raiseRisk(
    risk: Omit<RiskRaised, 'id' | 'at'>,
    orderRowId: string | null,
    instrumentId: string | null,
  ): Promise<void> {
    const at = clock.now();
    const id = newRowId();
    await writes.write(`risk event ${risk.kind}`, () =>
      recordRiskEvent(prisma, {
        id,
        kind: risk.kind,
        severity: risk.severity,
        message: risk.message,
        payload: toJson({ groupId: risk.groupId, clientOrderId: risk.clientOrderId }),
        instrumentId,
        orderId: orderRowId,
        correlationId: risk.correlationId,
        at: new Date(at),
      }),
    );
    logger.warn({ risk }, 'risk event');
    observer.riskRaised({ ...risk, id, at });
  }

  async function saveGroup(managed: ManagedGroup): Promise<void> {
    const position = measureGroupPosition(managed.group);
    const closed = managed.group.status === 'CLOSED';
    const progress = {
      id: managed.id,
      state: managed.group.status,
      entryFilledQuantity: position.entryFilled,
      exitFilledQuantity: position.exitFilled,
      snapshot: toJson(managed.group),
      closedAt: closed ? new Date(clock.now()) : null,
      at: new Date(clock.now()),
    };
    await writes.write(`group ${managed.id} ${progress.state}`, () =>
      statements.groupProgress(progress),
    );
    observer.groupChanged(managed);
  }

  /** Applies one event to an order, persists it, and hands the consequences to its group. */
  async function applyToOrder(
    order: TrackedOrder,
    event: OrderEvent,
    source: 'TICKER' | 'POSTBACK' | 'POLL' | 'ENGINE' | 'RECONCILIATION',
    repriced = false,
  ): Promise<void> {
    const result = applyOrderEvent(order.state, event);
    const managed = groups.get(order.groupId);
    if (!result.ok) {
      await raiseRisk(
        {
          kind: result.error.code,
          severity: result.error.code === 'OVERFILL' ? 'CRITICAL' : 'WARNING',
          message: `${order.role} ${order.clientOrderId}: ${result.error.message}`,
          groupId: order.groupId,
          clientOrderId: order.clientOrderId,
          token: order.instrument.token,
          correlationId: order.correlationId,
        },
        order.rowId,
        managed?.instrumentId ?? null,
      );
      return;
    }
    if (!result.changed) return;
    const previous = order.state;
    order.state = result.state;
    const machine = {
      orderId: order.rowId,
      previous,
      next: result.state,
      source,
      brokerOrderId: order.brokerOrderId,
      modificationCount: order.modifications,
      ...(repriced
        ? {
            repriced: {
              orderType: order.orderType,
              price: order.price,
              triggerPrice: order.triggerPrice,
            },
          }
        : {}),
      at: new Date(clock.now()),
    };
    await writes.write(`order ${order.clientOrderId} ${result.state.status}`, () =>
      statements.machineState(machine),
    );
    observer.orderChanged(order);
    if (managed === undefined) return;
    if (result.state.status === 'REJECTED' && previous.status !== 'REJECTED') {
      const why = classifyRejection(result.state.statusMessage);
      await raiseRisk(
        {
          kind: 'ORDER_REJECTED',
          severity: order.role === 'ENTRY' && why.reason !== 'UNKNOWN' ? 'WARNING' : 'CRITICAL',
          message: `${order.role} ${order.instrument.tradingSymbol} rejected (${why.reason}): ${result.state.statusMessage ?? 'no reason given'}`,
          groupId: order.groupId,
          clientOrderId: order.clientOrderId,
          token: order.instrument.token,
          correlationId: order.correlationId,
        },
        order.rowId,
        managed.instrumentId,
      );
    }
    for (const fill of result.newFills) {
      const price = fill.price ?? result.state.averageFillPrice ?? order.price;
      if (price === null) {
        logger.error({ clientOrderId: order.clientOrderId, fill }, 'fill without any price');
        continue;
      }
      observer.filled({ order, group: managed, quantity: fill.quantity, price, at: fill.at });
    }
    const events = groupEventsFor(order.legId, previous, result.state, event.at);
    for (const [index, groupEvent] of events.entries()) {
      await applyToGroup(managed, groupEvent, index < events.length - 1);
    }
    if (unsaved.delete(managed.id)) await saveGroup(managed);
  }

  /**
   * `more`: another event of the same report follows. A change that commands nothing is then
   * stored with the next one (an entry accepted and filled in one report: one write, not two,
   * before its stop); the group is always stored before a command of it runs.
   */
  async function applyToGroup(
    managed: ManagedGroup,
    event: GroupEvent,
    more = false,
  ): Promise<void> {
    const result = applyGroupEvent(managed.group, event);
    if (!result.ok) {
      await raiseRisk(
        {
          kind: result.error.code,
          severity: 'WARNING',
          message: `group ${managed.id}: ${result.error.message}`,
          groupId: managed.id,
          clientOrderId: null,
          token: managed.instrument.token,
          correlationId: managed.correlationId,
        },
        null,
        managed.instrumentId,
      );
      return;
    }
    const changed = result.group !== managed.group;
    managed.group = result.group;
    if (changed && more && result.commands.length === 0) unsaved.add(managed.id);
    else if (changed || unsaved.has(managed.id)) {
      unsaved.delete(managed.id);
      await saveGroup(managed);
    }
    const crashPoint = failpointOfGroupStep(managed.group, event, result.commands);
    if (crashPoint !== null) failpoint(crashPoint);
    await executeAll(managed, result.commands, event);
  }

  /**
   * Runs a batch of group commands in order. Each one does its local part (write-ahead row,
   * pending state) here, inside the group's queue, and sends its broker request without waiting
   * for the answer: reports keep flowing while requests wait for Kite's rate limit. A cancel of
   * an order being replaced waits for its replacement's answer first.
   */
  async function executeAll(
    managed: ManagedGroup,
    commands: readonly GroupCommand[],
    cause: GroupEvent | null,
  ): Promise<void> {
    const replacements = new Map<string, Promise<void>>();
    for (const command of commands) {
      const answered = await execute(
        managed,
        command,
        cause,
        replacements.get(commandLegId(command)),
      );
      if (command.type === 'placeLeg' && command.replacesLegId !== null && answered !== null) {
        replacements.set(command.replacesLegId, answered.done);
      }
    }
  }

  function commandLegId(command: GroupCommand): string {
    return command.type === 'raiseRiskEvent' ? '' : command.legId;
  }

  /**
   * A broker request in flight, outside any queue; idle() waits for it. Requests for one order
   * go out one at a time, in the order asked: two modifies racing each other could leave the
   * older quantity in force at the broker.
   */
  function launch(
    order: TrackedOrder,
    work: () => Promise<void>,
    first = false,
  ): { readonly done: Promise<void> } {
    // An order's first request starts now, not a microtask later: everything after the send
    // (observers, the caller's bookkeeping) then waits on it instead of it on them.
    const started = first ? work() : order.requests.then(work);
    const done = started.catch((error: unknown) => {
      logger.error({ err: error }, 'broker request handling failed');
    });
    order.requests = done;
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
    return { done };
  }

  async function execute(
    managed: ManagedGroup,
    command: GroupCommand,
    cause: GroupEvent | null,
    after: Promise<void> | undefined,
  ): Promise<{ readonly done: Promise<void> } | null> {
    switch (command.type) {
      case 'placeLeg':
        return placeLeg(managed, {
          legId: command.legId,
          role: command.role,
          side: command.side,
          quantity: command.quantity,
          orderType: command.orderType,
          price: command.price,
          triggerPrice: command.triggerPrice,
          cause,
        });
      case 'flattenExcess':
        return placeLeg(managed, {
          legId: command.legId,
          role: 'EXIT',
          side: command.side,
          quantity: command.quantity,
          orderType: 'MARKET',
          price: null,
          triggerPrice: null,
          cause,
        });
      case 'modifyLeg':
        await modifyLeg(managed, command.legId, command.quantity, command.toMarket);
        return null;
      case 'cancelLeg':
        await cancelLeg(managed, command.legId, after);
        return null;
      case 'raiseRiskEvent': {
        const clientOrderId =
          command.legId === null ? null : (managed.legs.get(command.legId) ?? null);
        const order = clientOrderId === null ? undefined : orders.get(clientOrderId);
        await raiseRisk(
          {
            kind: command.code,
            severity: command.severity,
            message: command.message,
            groupId: managed.id,
            clientOrderId,
            token: managed.instrument.token,
            correlationId: managed.correlationId,
          },
          order?.rowId ?? null,
          managed.instrumentId,
        );
        return null;
      }
    }
  }

  /** Retries a call while it fails RETRYABLE, with doubling delays; other failures return. */
  async function withRetry<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: BrokerFailure }>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: BrokerFailure }> {
    let result = await callSafely(call);
    for (let attempt = 1; attempt < retryAttempts; attempt += 1) {
      if (result.ok || result.error.kind !== 'RETRYABLE') return result;
      await sleep(retryBaseDelayMs * 2 ** (attempt - 1));
      result = await callSafely(call);
    }
    return result;
  }

  /** An adapter that throws broke its contract; what became of the request is unknown. */
  async function callSafely<T>(
    call: () => Promise<{ ok: true; value: T } | { ok: false; error: BrokerFailure }>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: BrokerFailure }> {
    try {
      return await call();
    } catch (error) {
      logger.error({ err: error }, 'broker adapter threw');
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        error: { kind: 'AMBIGUOUS', code: 'ADAPTER_ERROR', message, httpStatus: null },
      };
    }
  }

  /**
   * A modify or cancel the broker refuses often means the order already finished (Kite: "being
   * processed. Try later." covers filled, cancelled and changing orders alike). Before retrying
   * or reporting a refusal, the broker's book is asked: when it shows the order finished, that
   * truth is applied and the request is moot ('SETTLED'). Never reporting a refusal for a
   * filled order is what keeps a group from replacing a target that already filled.
   * An ambiguous answer (a 5xx, a lost connection) is sent again the same way: a modify or a
   * cancel says what the order must become, so a second copy does no harm, while giving up
   * left a flatten's exit unsent with nothing to send it again (a 503 on the kill switch's
   * modify kept the position open). An outage outlasting a few retries must not end it either:
   * ambiguous answers are sent again for `ambiguousRetryAttempts`, the delay capped, until the
   * book shows the order finished or already changed as asked (`applied`).
   */
  async function withSettling(
    order: TrackedOrder,
    call: () => Promise<{ ok: true; value: unknown } | { ok: false; error: BrokerFailure }>,
    applied: (report: BrokerOrderReport) => boolean = () => false,
  ): Promise<'SETTLED' | { ok: true; value: unknown } | { ok: false; error: BrokerFailure }> {
    let result = await callSafely(call);
    for (let attempt = 1; ; attempt += 1) {
      if (result.ok || result.error.kind === 'FATAL') return result;
      const report = await queue.run(order.groupId, () => refreshFromBook(order));
      if (isClosedStatus(order.state.status)) return 'SETTLED';
      if (report !== undefined && applied(report)) return { ok: true, value: null };
      const limit =
        result.error.kind === 'AMBIGUOUS'
          ? ambiguousRetryAttempts
          : result.error.kind === 'RETRYABLE'
            ? retryAttempts
            : 0;
      if (attempt >= limit) return result;
      await sleep(Math.min(retryBaseDelayMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS));
      result = await callSafely(call);
    }
  }

  /** The broker's report of the order, applied; undefined when the book could not be read. */
  async function refreshFromBook(order: TrackedOrder): Promise<BrokerOrderReport | undefined> {
    const book = await brokerOf(order.groupId).getOrders();
    if (!book.ok) return undefined;
    const report = book.value.find((r) => r.brokerOrderId === order.brokerOrderId);
    if (report !== undefined) await applyToOrder(order, toSnapshotEvent(report, false), 'POLL');
    return report;
  }

  interface LegToPlace {
    readonly legId: string;
    readonly role: LegRole;
    readonly side: 'BUY' | 'SELL';
    readonly quantity: number;
    readonly orderType: OrderType;
    readonly price: Paise | null;
    readonly triggerPrice: Paise | null;
    readonly cause: GroupEvent | null;
  }

  /** An order made ready to send: its write-ahead row, its tracking, its broker command. */
  interface PreparedLeg {
    readonly intent: NewOrder & { readonly id: string };
    readonly order: TrackedOrder;
    readonly command: PlaceOrderCommand;
  }

  /** Names the order and builds its row and command; nothing is written or sent yet. */
  function prepareLeg(managed: ManagedGroup, leg: LegToPlace): PreparedLeg {
    const clientOrderId = newClientOrderId(leg.role);
    const now = clock.now();
    const rowId = newRowId();
    const intent = {
      id: rowId,
      clientOrderId,
      parentGroup: managed.id,
      legId: leg.legId,
      role: leg.role,
      instrumentId: managed.instrumentId,
      side: leg.side,
      orderType: leg.orderType,
      product: options.product,
      validity: 'DAY',
      quantity: leg.quantity,
      price: leg.price,
      triggerPrice: leg.triggerPrice,
      decisionId: managed.decisionId,
      correlationId: managed.correlationId,
      createdAt: new Date(now),
    } as const;
    const order: TrackedOrder = {
      rowId,
      clientOrderId,
      legId: leg.legId,
      groupId: managed.id,
      role: leg.role,
      instrument: managed.instrument,
      side: leg.side,
      orderType: leg.orderType,
      product: options.product,
      price: leg.price,
      triggerPrice: leg.triggerPrice,
      correlationId: managed.correlationId,
      decisionId: managed.decisionId,
      brokerOrderId: null,
      state: createOrderState({ orderId: clientOrderId, quantity: leg.quantity, at: now }),
      modifications: 0,
      sentAt: null,
      answeredAt: null,
      deferred: [],
      requests: Promise.resolve(),
    };
    const command: PlaceOrderCommand = {
      clientOrderId,
      exchange: managed.instrument.exchange,
      tradingSymbol: managed.instrument.tradingSymbol,
      side: leg.side,
      orderType: leg.orderType,
      product: options.product,
      validity: 'DAY',
      quantity: leg.quantity,
      price: leg.price,
      triggerPrice: leg.triggerPrice,
      marketProtection:
        leg.orderType === 'MARKET' || leg.orderType === 'SL-M'
          ? protectionFor(managed.instrument, leg.triggerPrice ?? leg.price)
          : null,
    };
    return { intent, order, command };
  }

  /** Writes the order's row, then sends it; the answer is applied when it comes. */
  async function placeLeg(
    managed: ManagedGroup,
    leg: LegToPlace,
  ): Promise<{ readonly done: Promise<void> }> {
    const prepared = prepareLeg(managed, leg);
    const { intent } = prepared;
    // No record, no entry; a stop or an exit goes out whether or not PostgreSQL is there.
    if (leg.role === 'ENTRY') await statements.order(intent);
    else
      await writes.write(`order ${intent.clientOrderId} write-ahead`, () =>
        statements.order(intent),
      );
    return sendLeg(managed, leg, prepared);
  }

  /**
   * Sends an order whose write-ahead row is committed (or kept, ADR 7). The request goes out
   * first and the observers hear of it right after, before any answer can arrive: they are
   * not on the way from a fill to its stop. `announce: false` leaves telling them to the
   * caller (announceSent).
   */
  function sendLeg(
    managed: ManagedGroup,
    leg: LegToPlace,
    { order, command }: PreparedLeg,
    announce = true,
  ): { readonly done: Promise<void> } {
    orders.set(order.clientOrderId, order);
    managed.legs.set(leg.legId, order.clientOrderId);
    if (leg.role === 'ENTRY') failpoint('oco.entry.after-write-ahead');
    order.sentAt = clock.now();
    const sent = launch(
      order,
      async () => {
        const broker = venues.broker(managed.venue);
        const result = await withRetry(() => broker.placeOrder(command));
        if (leg.role === 'ENTRY' && result.ok) failpoint('oco.entry.after-broker-accept');
        order.answeredAt = clock.now();
        await queue.run(managed.id, () => applyPlaceAnswer(order, result));
      },
      true,
    );
    if (announce) announceSent(order, leg);
    return sent;
  }

  function announceSent(order: TrackedOrder, leg: LegToPlace): void {
    observer.orderChanged(order);
    if (order.sentAt !== null && leg.cause !== null && leg.cause.type === 'legFilled') {
      observer.protectionSent(order, order.sentAt - leg.cause.at);
    }
  }

  async function applyPlaceAnswer(
    order: TrackedOrder,
    result: { ok: true; value: PlacedOrder } | { ok: false; error: BrokerFailure },
  ): Promise<void> {
    const at = order.answeredAt ?? clock.now();
    if (result.ok) {
      if (order.brokerOrderId === null) {
        order.brokerOrderId = result.value.brokerOrderId;
        byBrokerId.set(brokerKey(venueOf(order), result.value.brokerOrderId), order.clientOrderId);
      }
      await applyToOrder(order, { type: 'submitted', at }, 'ENGINE');
      await runDeferred(order);
      return;
    }
    const failure = result.error;
    if (failure.kind === 'AMBIGUOUS') {
      // It may have reached the broker: it stays in flight until a report or a poll by tag says.
      await applyToOrder(order, { type: 'submitted', at }, 'ENGINE');
      logger.warn(
        { clientOrderId: order.clientOrderId, failure },
        'order placement outcome unknown',
      );
      return;
    }
    await applyToOrder(
      order,
      { type: 'rejected', reason: `${failure.code}: ${failure.message}`, at },
      'ENGINE',
    );
  }

  function protectionFor(instrument: Instrument, orderPrice: Paise | null): number | null {
    if (options.marketProtection === null) return null;
    return chooseMarketProtection({
      configuredPct: options.marketProtection,
      tickSize: instrument.tickSize,
      referencePrice: options.lastPrice?.(instrument.token) ?? orderPrice,
    });
  }

  async function runDeferred(order: TrackedOrder): Promise<void> {
    const pending = order.deferred.splice(0);
    for (const action of pending) await action();
  }

  async function modifyLeg(
    managed: ManagedGroup,
    legId: string,
    quantity: number,
    toMarket: boolean,
  ): Promise<void> {
    const order = orderOfLeg(managed, legId);
    if (order === undefined) return;
    if (order.brokerOrderId === null) {
      order.deferred.push(() => modifyLeg(managed, legId, quantity, toMarket));
      return;
    }
    const brokerOrderId = order.brokerOrderId;
    order.modifications += 1;
    await applyToOrder(order, { type: 'modifyRequested', quantity, at: clock.now() }, 'ENGINE');
    const change: ModifyOrderCommand = toMarket
      ? {
          quantity,
          orderType: 'MARKET',
          marketProtection: protectionFor(managed.instrument, order.triggerPrice ?? order.price),
        }
      : { quantity };
    launch(order, async () => {
      const broker = venues.broker(managed.venue);
      const result = await withSettling(
        order,
        () => broker.modifyOrder(brokerOrderId, change),
        // A copy that did reach the broker: its book shows the change, nothing to resend.
        (report) => report.quantity === quantity && (!toMarket || report.orderType === 'MARKET'),
      );
      if (result === 'SETTLED') return;
      await queue.run(managed.id, () =>
        applyModifyAnswer(managed, order, { legId, quantity, toMarket }, result),
      );
    });
  }

  async function applyModifyAnswer(
    managed: ManagedGroup,
    order: TrackedOrder,
    asked: { readonly legId: string; readonly quantity: number; readonly toMarket: boolean },
    result: { ok: true; value: unknown } | { ok: false; error: BrokerFailure },
  ): Promise<void> {
    const at = clock.now();
    if (result.ok) {
      if (asked.toMarket) {
        order.orderType = 'MARKET';
        order.price = null;
        order.triggerPrice = null;
      }
      const confirmed: OrderEvent = { type: 'modifyConfirmed', quantity: asked.quantity, at };
      await applyToOrder(order, confirmed, 'ENGINE', asked.toMarket);
      return;
    }
    if (result.error.kind === 'AMBIGUOUS') return;
    await applyToOrder(
      order,
      { type: 'modifyRefused', reason: result.error.message, at },
      'ENGINE',
    );
    await applyToGroup(managed, {
      type: 'legModifyRefused',
      legId: asked.legId,
      capReached: /maximum allowed order modifications/i.test(result.error.message),
      reason: result.error.message,
      at,
    });
  }

  async function cancelLeg(
    managed: ManagedGroup,
    legId: string,
    after: Promise<void> | undefined,
  ): Promise<void> {
    const order = orderOfLeg(managed, legId);
    if (order === undefined) return;
    if (order.brokerOrderId === null) {
      order.deferred.push(() => cancelLeg(managed, legId, after));
      return;
    }
    const brokerOrderId = order.brokerOrderId;
    await applyToOrder(order, { type: 'cancelRequested', at: clock.now() }, 'ENGINE');
    launch(order, async () => {
      if (after !== undefined) await after;
      const broker = venues.broker(managed.venue);
      const result = await withSettling(order, () => broker.cancelOrder(brokerOrderId));
      if (result === 'SETTLED' || result.ok || result.error.kind === 'AMBIGUOUS') return;
      const { message } = result.error;
      await queue.run(managed.id, () => applyCancelRefusal(managed, order, message));
    });
  }

  async function applyCancelRefusal(
    managed: ManagedGroup,
    order: TrackedOrder,
    message: string,
  ): Promise<void> {
    await applyToOrder(
      order,
      { type: 'cancelRefused', reason: message, at: clock.now() },
      'ENGINE',
    );
    await raiseRisk(
      {
        kind: 'CANCEL_FAILED',
        severity: order.role === 'ENTRY' ? 'CRITICAL' : 'WARNING',
        message: `cancel of ${order.role} ${order.clientOrderId} failed after ${retryAttempts} attempts: ${message}`,
        groupId: managed.id,
        clientOrderId: order.clientOrderId,
        token: managed.instrument.token,
        correlationId: managed.correlationId,
      },
      order.rowId,
      managed.instrumentId,
    );
  }

  function orderOfLeg(managed: ManagedGroup, legId: string): TrackedOrder | undefined {
    const clientOrderId = managed.legs.get(legId);
    return clientOrderId === undefined ? undefined : orders.get(clientOrderId);
  }

  function findOrder(report: BrokerOrderReport, venue: OrderVenue): TrackedOrder | undefined {
    const byTag = report.clientOrderId === null ? undefined : orders.get(report.clientOrderId);
    if (byTag !== undefined) return venueOf(byTag) === venue ? byTag : undefined;
    const clientOrderId = byBrokerId.get(brokerKey(venue, report.brokerOrderId));
    return clientOrderId === undefined ? undefined : orders.get(clientOrderId);
  }

  return {
    openBracket: async (request) => {
      if (groups.has(request.groupId)) {
        return { ok: false, code: 'DUPLICATE', message: `group ${request.groupId} exists` };
      }
      const created = createGroup({
        groupId: request.groupId,
        side: request.side,
        quantity: request.quantity,
        entry: request.entry,
        stop: request.stop,
        targets: request.targets,
      });
      if (!created.ok) return { ok: false, code: 'INVALID_PLAN', message: created.error.message };
      const managed: ManagedGroup = {
        id: request.groupId,
        venue: venues.current(),
        instrument: request.instrument,
        instrumentId: request.instrumentId,
        strategy: request.strategy,
        decisionId: request.decisionId,
        correlationId: request.correlationId,
        signalPrice: request.signalPrice,
        openedAt: clock.now(),
        group: created.group,
        legs: new Map(),
      };
      const [first, ...rest] = created.commands;
      if (first?.type !== 'placeLeg' || first.role !== 'ENTRY') {
        throw new Error(`group ${managed.id} does not open with its entry`);
      }
      const entryLeg: LegToPlace = {
        legId: first.legId,
        role: 'ENTRY',
        side: first.side,
        quantity: first.quantity,
        orderType: first.orderType,
        price: first.price,
        triggerPrice: first.triggerPrice,
        cause: null,
      };
      const entry = prepareLeg(managed, entryLeg);
      const groupRow = {
        id: managed.id,
        venue: managed.venue,
        instrumentId: managed.instrumentId,
        side: request.side,
        state: created.group.status,
        plannedQuantity: request.quantity,
        decisionId: request.decisionId,
        strategy: request.strategy,
        snapshot: toJson(created.group),
        correlationId: request.correlationId,
        at: new Date(managed.openedAt),
      };
      // The group and its entry's write-ahead row commit together before the entry leaves;
      // with the records that led to it (signal, decision) in one statement, one round trip:
      // the path from a tick to an order waits for it.
      if (request.records === undefined) {
        await prisma.$transaction(async (tx) => {
          await createOcoGroupRow(tx, groupRow);
          await writeAheadOrder(tx, entry.intent);
        });
      } else {
        await statements.bracketOpening({
          ...request.records,
          group: groupRow,
          order: entry.intent,
        });
      }
      groups.set(managed.id, managed);
      // Outside the group's queue: nothing can be queued for a group registered just now.
      sendLeg(managed, entryLeg, entry, false);
      request.onRecorded?.();
      observer.groupChanged(managed);
      announceSent(entry.order, entryLeg);
      if (rest.length > 0) await queue.run(managed.id, () => executeAll(managed, rest, null));
      return { ok: true, group: managed };
    },

    handleReport: async (report, source, venue, authoritative = false) => {
      const order = findOrder(report, venue);
      if (order === undefined) {
        logger.debug(
          { brokerOrderId: report.brokerOrderId, tag: report.clientOrderId, venue },
          'report for an order the engine did not place there',
        );
        return;
      }
      await queue.run(order.groupId, async () => {
        if (order.brokerOrderId === null) {
          order.brokerOrderId = report.brokerOrderId;
          byBrokerId.set(brokerKey(venue, report.brokerOrderId), order.clientOrderId);
        }
        await applyToOrder(order, toSnapshotEvent(report, authoritative), source);
        await runDeferred(order);
      });
    },

    flattenGroup: (groupId, reason) => {
      const managed = groups.get(groupId);
      if (managed === undefined) return Promise.resolve();
      return queue.run(groupId, () =>
        applyToGroup(managed, { type: 'flatten', reason, at: clock.now() }),
      );
    },

    abandonEntry: (groupId, reason) => {
      const managed = groups.get(groupId);
      if (managed === undefined) return Promise.resolve();
      return queue.run(groupId, () =>
        applyToGroup(managed, { type: 'abandonEntry', reason, at: clock.now() }),
      );
    },

    groups: () => [...groups.values()],
    openGroups: () => [...groups.values()].filter((g) => g.group.status !== 'CLOSED'),
    order: (clientOrderId) => orders.get(clientOrderId),
    ordersOf: (groupId) => [...orders.values()].filter((o) => o.groupId === groupId),

    adopt: (managed, adopted) => {
      groups.set(managed.id, managed);
      for (const order of adopted) {
        orders.set(order.clientOrderId, order);
        managed.legs.set(order.legId, order.clientOrderId);
        if (order.brokerOrderId !== null) {
          byBrokerId.set(brokerKey(managed.venue, order.brokerOrderId), order.clientOrderId);
        }
      }
    },

    applyLocalEvent: async (clientOrderId, event) => {
      const order = orders.get(clientOrderId);
      if (order === undefined) return;
      await queue.run(order.groupId, () => applyToOrder(order, event, 'RECONCILIATION'));
    },

    resume: (groupId) => {
      const managed = groups.get(groupId);
      if (managed === undefined) return Promise.resolve(0);
      const stateOf = (legId: string) => orderOfLeg(managed, legId)?.state;
      return queue.run(groupId, async () => {
        for (const event of replayOrderStates(managed.group, stateOf, clock.now())) {
          await applyToGroup(managed, event);
        }
        const plan = planResume(managed.group, stateOf);
        if (plan.group === managed.group) return 0;
        managed.group = plan.group;
        await saveGroup(managed);
        await executeAll(managed, plan.commands, null);
        return plan.commands.length;
      });
    },

    idle: async () => {
      for (;;) {
        await queue.idle();
        if (inFlight.size === 0) return;
        await Promise.all([...inFlight]);
      }
    },
  };
}
