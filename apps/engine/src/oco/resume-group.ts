import type {
  GroupCommand,
  GroupEvent,
  GroupLeg,
  LegOutcome,
  OcoGroup,
  OrderState,
  OrderStatus,
} from '@kavach/domain';
import { deriveGroupStatus, reconcileGroup } from '@kavach/domain';
import { groupEventsFor } from './order-events-from-report';

/** The order machine's state of a leg's order, or undefined when no order was ever written. */
export type LegOrderState = (legId: string) => OrderState | undefined;

const STATUS_OF_OUTCOME: Readonly<Record<LegOutcome, OrderStatus>> = {
  FILLED: 'FILLED',
  CANCELLED: 'CANCELLED',
  REJECTED: 'REJECTED',
  EXPIRED: 'EXPIRED',
};

/** Resting at the broker with no request of ours in flight: its book is the whole truth. */
const SETTLED_WORKING: ReadonlySet<OrderStatus> = new Set([
  'OPEN',
  'TRIGGER_PENDING',
  'PARTIALLY_FILLED',
]);

/**
 * What the group has not heard of its orders' states. The order and the group are stored one
 * after the other, so a crash between the two leaves an order (a fill, a close) ahead of its
 * group, and the broker's book, equal to the stored order, tells the group nothing new. The
 * events are cumulative, so one the group already knows changes nothing.
 */
export function replayOrderStates(group: OcoGroup, stateOf: LegOrderState, at: number) {
  const events: GroupEvent[] = [];
  for (const leg of group.legs) {
    const state = stateOf(leg.legId);
    if (state === undefined) continue;
    const known: OrderState = {
      ...state,
      status:
        leg.outcome !== null ? STATUS_OF_OUTCOME[leg.outcome] : leg.accepted ? 'OPEN' : 'SUBMITTED',
      filledQuantity: leg.filledQuantity,
    };
    events.push(...groupEventsFor(leg.legId, known, state, at));
  }
  return events;
}

/**
 * The group as far as its commands reached the broker. A crash between a command and its
 * effect leaves the group believing what never happened: a leg commanded but never written
 * (no order at all), a cancel or a modify never sent or never answered while the broker's
 * book, applied since, shows the order working as before. Such a leg is taken back to what
 * the broker holds; a cancelled one is kept for replacement, since it was no longer wanted.
 */
export function rewindUnsentCommands(group: OcoGroup, stateOf: LegOrderState): OcoGroup {
  const legs = group.legs.flatMap((leg) => rewindLeg(leg, stateOf(leg.legId)));
  const same = legs.length === group.legs.length && legs.every((l, i) => l === group.legs[i]);
  return same ? group : { ...group, legs };
}

function rewindLeg(leg: GroupLeg, state: OrderState | undefined): GroupLeg[] {
  if (leg.status === 'DONE') return [leg];
  if (state === undefined) {
    // Never written, so never sent. An entry stays, closed as refused: the group needs it.
    return leg.role === 'ENTRY' ? [{ ...leg, status: 'DONE', outcome: 'REJECTED' }] : [];
  }
  if (!SETTLED_WORKING.has(state.status)) return [leg];
  let rewound = leg;
  if (leg.status === 'CANCELLING') {
    rewound = { ...rewound, status: 'WORKING', replaceRequired: true };
  }
  if (state.quantity !== leg.quantity) rewound = { ...rewound, quantity: state.quantity };
  // A stop turned into the market exit is never waiting for its trigger.
  if (leg.atMarket && state.status === 'TRIGGER_PENDING') rewound = { ...rewound, atMarket: false };
  return [rewound];
}

export interface ResumePlan {
  readonly group: OcoGroup;
  readonly commands: readonly GroupCommand[];
}

/** The commands that bring the broker to what the group wants, after the rewind. */
export function planResume(group: OcoGroup, stateOf: LegOrderState): ResumePlan {
  const rewound = rewindUnsentCommands(group, stateOf);
  const reconciled = reconcileGroup(rewound);
  if (rewound === group && reconciled.commands.length === 0) return { group, commands: [] };
  return {
    group: { ...reconciled.group, status: deriveGroupStatus(reconciled.group) },
    commands: reconciled.commands,
  };
}
