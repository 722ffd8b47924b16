import type { OrderSide, Paise } from '@kavach/domain';
import {
  addPaise,
  applyPositionFill,
  FLAT_POSITION,
  markPositionToMarket,
  mulPaise,
  paise,
  ZERO_PAISE,
} from '@kavach/domain';
import type { NetPosition } from '@kavach/domain';

/** One bracket's exposure as the risk gates see it. */
interface GroupExposure {
  readonly token: number;
  readonly entrySide: OrderSide;
  /** |entry − stop| per unit, from the plan. */
  readonly stopDistance: Paise;
  /** Planned quantity while the entry may still fill; 0 once the group is done entering. */
  plannedQuantity: number;
  position: NetPosition;
}

/** One fill of a bracket's orders, as stored: replayed into the book after a restart. */
export interface RestoredFill {
  readonly side: OrderSide;
  readonly quantity: number;
  readonly price: Paise;
  readonly at: number;
}

export interface RiskBookSnapshot {
  readonly openPositions: number;
  readonly openRisk: Paise;
  readonly realisedPnlToday: Paise;
  readonly unrealisedPnlToday: Paise;
}

/**
 * Today's exposure per bracket, from fills and last prices: what canEnter needs (open
 * positions, open risk, P&L) without a database read on the hot path. Rebuilt from fills on
 * restart; a new session day starts from zero.
 */
export interface RiskBook {
  /** A new bracket: its planned risk counts as heat from the moment it is approved. */
  readonly track: (
    groupId: string,
    token: number,
    side: OrderSide,
    stopDistance: Paise,
    plannedQuantity: number,
  ) => void;
  /** The bracket will not enter further (entry done, cancelled or rejected). */
  readonly stopEntering: (groupId: string) => void;
  /**
   * An approved entry that is not sent after all (refused on its price, or its decision not
   * stored): its reserved risk stops counting. A bracket with a fill is never forgotten.
   */
  readonly release: (groupId: string) => void;
  readonly applyFill: (groupId: string, side: OrderSide, quantity: number, price: Paise) => void;
  /**
   * After a restart: a bracket the engine still holds, as tracked before (plannedQuantity 0
   * once it no longer enters), its fills replayed in order. Only fills from `dayStart` on
   * count towards today's realised P&L.
   */
  readonly restoreGroup: (
    groupId: string,
    exposure: {
      readonly token: number;
      readonly side: OrderSide;
      readonly stopDistance: Paise;
      readonly plannedQuantity: number;
    },
    fills: readonly RestoredFill[],
    dayStart: number,
  ) => void;
  /** After a restart: P&L realised earlier today by brackets that closed before it. */
  readonly addRealisedToday: (pnl: Paise) => void;
  readonly mark: (token: number, lastPrice: Paise) => void;
  readonly snapshot: () => RiskBookSnapshot;
  readonly positionOf: (groupId: string) => NetPosition | undefined;
  readonly resetDay: () => void;
}

export function createRiskBook(): RiskBook {
  const groups = new Map<string, GroupExposure>();
  const lastPrices = new Map<number, Paise>();
  let closedPnl = ZERO_PAISE;

  return {
    track: (groupId, token, entrySide, stopDistance, plannedQuantity) => {
      if (!groups.has(groupId)) {
        groups.set(groupId, {
          token,
          entrySide,
          stopDistance,
          plannedQuantity,
          position: FLAT_POSITION,
        });
      }
    },
    stopEntering: (groupId) => {
      const exposure = groups.get(groupId);
      if (exposure !== undefined) exposure.plannedQuantity = 0;
    },
    release: (groupId) => {
      // applyPositionFill returns a new position: still FLAT_POSITION itself means no fill.
      if (groups.get(groupId)?.position === FLAT_POSITION) groups.delete(groupId);
    },
    applyFill: (groupId, side, quantity, price) => {
      const exposure = groups.get(groupId);
      if (exposure === undefined) return;
      const before = exposure.position.realisedPnl;
      exposure.position = applyPositionFill(exposure.position, { side, quantity, price });
      closedPnl = addPaise(closedPnl, paise(exposure.position.realisedPnl - before));
      lastPrices.set(exposure.token, lastPrices.get(exposure.token) ?? price);
    },
    restoreGroup: (groupId, exposure, fills, dayStart) => {
      let position = FLAT_POSITION;
      let realisedToday = ZERO_PAISE;
      for (const fill of fills) {
        const before = position.realisedPnl;
        position = applyPositionFill(position, fill);
        if (fill.at >= dayStart) {
          realisedToday = addPaise(realisedToday, paise(position.realisedPnl - before));
        }
        lastPrices.set(exposure.token, lastPrices.get(exposure.token) ?? fill.price);
      }
      groups.set(groupId, {
        token: exposure.token,
        entrySide: exposure.side,
        stopDistance: exposure.stopDistance,
        plannedQuantity: exposure.plannedQuantity,
        position,
      });
      closedPnl = addPaise(closedPnl, realisedToday);
    },
    addRealisedToday: (pnl) => {
      closedPnl = addPaise(closedPnl, pnl);
    },
    mark: (token, lastPrice) => {
      lastPrices.set(token, lastPrice);
    },
    snapshot: () => {
      let openPositions = 0;
      let openRisk = ZERO_PAISE;
      let unrealised = ZERO_PAISE;
      for (const exposure of groups.values()) {
        const net = exposure.position.netQuantity;
        const atRisk = Math.max(Math.abs(net), exposure.plannedQuantity);
        if (atRisk === 0) continue;
        openPositions += 1;
        openRisk = addPaise(openRisk, mulPaise(exposure.stopDistance, atRisk));
        const last = lastPrices.get(exposure.token);
        if (last !== undefined) {
          unrealised = addPaise(unrealised, markPositionToMarket(exposure.position, last));
        }
      }
      return {
        openPositions,
        openRisk,
        realisedPnlToday: closedPnl,
        unrealisedPnlToday: unrealised,
      };
    },
    positionOf: (groupId) => groups.get(groupId)?.position,
    resetDay: () => {
      for (const [id, exposure] of groups) {
        if (exposure.position.netQuantity === 0 && exposure.plannedQuantity === 0)
          groups.delete(id);
      }
      closedPnl = ZERO_PAISE;
    },
  };
}
