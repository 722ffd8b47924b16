import type { OrderSide } from '../order/order-status';
import { applyGroupEvent } from './apply-group-event';
import type { GroupEventResult } from './apply-group-event';
import type { GroupCommand } from './group-commands';
import type { GroupEvent } from './group-events';
import type { GroupLegRole, LegOutcome, OcoGroup } from './group-types';
import { deepFreeze, T0 } from './oco.fixtures';

/**
 * A small, physically honest broker for property tests: orders fill only up to the quantity in
 * force at the broker, modifies and cancels take effect later (or never), fills race cancels,
 * and a cancelled order may still report a late fill. Every broker change is told to the
 * group at once, like the engine would.
 */
export interface BrokerOrder {
  readonly legId: string;
  readonly role: GroupLegRole;
  readonly side: OrderSide;
  quantity: number;
  filled: number;
  acked: boolean;
  pendingQuantity: number | null;
  /** The pending modify also turns the order into a MARKET order. */
  pendingMarket: boolean;
  /** A MARKET order (a converted stop): settles by filling, like an exit. */
  atMarket: boolean;
  cancelRequested: boolean;
  outcome: LegOutcome | null;
}

export type SimAction =
  | { readonly kind: 'ack'; readonly pick: number }
  | { readonly kind: 'fill'; readonly pick: number; readonly amount: number }
  | {
      readonly kind: 'applyModify';
      readonly pick: number;
      readonly refuse: boolean;
      readonly cap: boolean;
    }
  | { readonly kind: 'confirmCancel'; readonly pick: number }
  | { readonly kind: 'reject'; readonly pick: number }
  | { readonly kind: 'lateFill'; readonly pick: number; readonly amount: number }
  | { readonly kind: 'overfillEntry'; readonly amount: number }
  | { readonly kind: 'flatten' }
  | { readonly kind: 'abandonEntry' }
  | { readonly kind: 'redeliver' };

export interface SimStep {
  readonly before: OcoGroup;
  readonly event: GroupEvent;
  readonly result: GroupEventResult;
}

export class GroupSimulation {
  group: OcoGroup;
  readonly orders: BrokerOrder[] = [];
  readonly steps: SimStep[] = [];
  private clock = T0;

  constructor(
    group: OcoGroup,
    initialCommands: readonly GroupCommand[],
    private readonly onStep: (step: SimStep) => void,
  ) {
    this.group = deepFreeze(group);
    this.execute(initialCommands);
  }

  perform(action: SimAction): void {
    switch (action.kind) {
      case 'ack': {
        const order = pick(
          this.orders.filter((o) => !o.acked && o.outcome === null),
          action.pick,
        );
        if (order === undefined) return;
        order.acked = true;
        this.send({ type: 'legAccepted', legId: order.legId, at: this.tick() });
        return;
      }
      case 'fill': {
        const order = pick(
          this.orders.filter((o) => o.outcome === null && o.quantity > o.filled),
          action.pick,
        );
        if (order === undefined) return;
        this.fill(order, 1 + (action.amount % (order.quantity - order.filled)));
        return;
      }
      case 'applyModify': {
        const order = pick(
          this.orders.filter((o) => o.outcome === null && o.pendingQuantity !== null),
          action.pick,
        );
        if (order === undefined || order.pendingQuantity === null) return;
        const wanted = order.pendingQuantity;
        const toMarket = order.pendingMarket;
        order.pendingQuantity = null;
        order.pendingMarket = false;
        if (action.refuse || wanted < order.filled) {
          this.send({
            type: 'legModifyRefused',
            legId: order.legId,
            capReached: action.cap,
            reason: action.cap
              ? 'Maximum allowed order modifications exceeded.'
              : 'being processed',
            at: this.tick(),
          });
          return;
        }
        order.quantity = wanted;
        order.atMarket ||= toMarket;
        if (wanted === order.filled) this.close(order, 'FILLED');
        return;
      }
      case 'confirmCancel': {
        const order = pick(
          this.orders.filter((o) => o.outcome === null && o.cancelRequested),
          action.pick,
        );
        if (order !== undefined) this.close(order, 'CANCELLED');
        return;
      }
      case 'reject': {
        // Market exits are never rejected here, so a flip can always be flattened.
        const order = pick(
          this.orders.filter((o) => o.outcome === null && o.filled === 0 && o.role !== 'EXIT'),
          action.pick,
        );
        if (order !== undefined) this.close(order, 'REJECTED');
        return;
      }
      case 'lateFill': {
        const order = pick(
          this.orders.filter((o) => o.outcome === 'CANCELLED' && o.quantity > o.filled),
          action.pick,
        );
        if (order === undefined) return;
        order.filled += 1 + (action.amount % (order.quantity - order.filled));
        this.send({
          type: 'legFilled',
          legId: order.legId,
          filledQuantity: order.filled,
          at: this.tick(),
        });
        return;
      }
      case 'overfillEntry': {
        const entry = this.orders.find((o) => o.role === 'ENTRY' && o.outcome === 'FILLED');
        if (entry === undefined) return;
        entry.filled += action.amount;
        this.send({
          type: 'legFilled',
          legId: entry.legId,
          filledQuantity: entry.filled,
          at: this.tick(),
        });
        return;
      }
      case 'flatten':
        this.send({ type: 'flatten', reason: 'trader', at: this.tick() });
        return;
      case 'abandonEntry':
        this.send({ type: 'abandonEntry', reason: 'market ran away', at: this.tick() });
        return;
      case 'redeliver': {
        const last = this.steps.at(-1);
        if (last !== undefined) this.send(last.event);
        return;
      }
    }
  }

  /**
   * Flattens, then lets the broker settle everything: acks, modifies applied, cancels
   * confirmed, market exits filled in full. Returns false if it did not settle.
   */
  settle(maxActions = 500): boolean {
    this.send({ type: 'flatten', reason: 'settle', at: this.tick() });
    for (let i = 0; i < maxActions; i += 1) {
      const live = this.orders.filter((o) => o.outcome === null);
      const unacked = live.find((o) => !o.acked);
      const modifying = live.find((o) => o.pendingQuantity !== null);
      const cancelling = live.find((o) => o.cancelRequested);
      const exit = live.find((o) => o.role === 'EXIT' || o.atMarket);
      if (unacked !== undefined) {
        unacked.acked = true;
        this.send({ type: 'legAccepted', legId: unacked.legId, at: this.tick() });
      } else if (modifying !== undefined) {
        this.perform({
          kind: 'applyModify',
          pick: live.filter((o) => o.pendingQuantity !== null).indexOf(modifying),
          refuse: false,
          cap: false,
        });
      } else if (cancelling !== undefined) {
        this.close(cancelling, 'CANCELLED');
      } else if (exit !== undefined) {
        this.fill(exit, exit.quantity - exit.filled);
      } else {
        return live.length === 0;
      }
    }
    return false;
  }

  private fill(order: BrokerOrder, amount: number): void {
    order.filled += amount;
    if (order.filled >= order.quantity) this.close(order, 'FILLED');
    else
      this.send({
        type: 'legFilled',
        legId: order.legId,
        filledQuantity: order.filled,
        at: this.tick(),
      });
  }

  private close(order: BrokerOrder, outcome: LegOutcome): void {
    order.outcome = outcome;
    order.pendingQuantity = null;
    order.pendingMarket = false;
    this.send({
      type: 'legClosed',
      legId: order.legId,
      outcome,
      filledQuantity: order.filled,
      at: this.tick(),
    });
  }

  private send(event: GroupEvent): void {
    const before = this.group;
    const frozen = deepFreeze({ ...event });
    const result = applyGroupEvent(before, frozen);
    const step: SimStep = { before, event: frozen, result };
    this.steps.push(step);
    if (result.ok) {
      this.group = deepFreeze(result.group);
      this.execute(result.commands);
    }
    this.onStep(step);
  }

  private execute(commands: readonly GroupCommand[]): void {
    for (const command of commands) {
      switch (command.type) {
        case 'placeLeg':
        case 'flattenExcess':
          this.orders.push({
            legId: command.legId,
            role: command.type === 'placeLeg' ? command.role : 'EXIT',
            side: command.side,
            quantity: command.quantity,
            filled: 0,
            acked: false,
            pendingQuantity: null,
            pendingMarket: false,
            atMarket: false,
            cancelRequested: false,
            outcome: null,
          });
          break;
        case 'modifyLeg': {
          const order = this.orders.find((o) => o.legId === command.legId);
          if (order?.outcome === null) {
            order.pendingQuantity = command.quantity;
            order.pendingMarket ||= command.toMarket;
          }
          break;
        }
        case 'cancelLeg': {
          const order = this.orders.find((o) => o.legId === command.legId);
          if (order?.outcome === null) order.cancelRequested = true;
          break;
        }
        case 'raiseRiskEvent':
          break;
      }
    }
  }

  private tick(): number {
    this.clock += 7;
    return this.clock;
  }
}

function pick<T>(items: readonly T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}
