import { describe, expect, it } from 'vitest';
import { rupees } from '../order/order.fixtures';
import { applyGroupEvent } from './apply-group-event';
import { createGroup } from './create-group';
import { measureGroupPosition } from './group-position';
import type { OcoGroup } from './group-types';
import {
  accepted,
  closed,
  deepFreeze,
  filled,
  legsOf,
  liveLeg,
  newGroup,
  orderCommands,
  planFor,
  riskCodes,
  step,
  T0,
} from './oco.fixtures';

const ENTRY = 'G1:ENTRY:0';

/** A long bracket whose entry filled completely: stop 100, TP1 50, TP2 50 working. */
function openLong(fields: Parameters<typeof newGroup>[0] = {}): OcoGroup {
  let g = newGroup(fields);
  g = step(g, accepted(ENTRY)).group;
  g = step(g, closed(ENTRY, 'FILLED', 100)).group;
  return g;
}

function runAll(group: OcoGroup, events: Parameters<typeof step>[1][]): OcoGroup {
  return events.reduce((g, e) => step(g, e).group, group);
}

describe('createGroup', () => {
  it('asks for the entry and waits for it', () => {
    const created = createGroup(planFor());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.group.status).toBe('PENDING_ENTRY');
    expect(created.group.plan.maxModificationsPerOrder).toBe(25);
    expect(created.commands).toEqual([
      {
        type: 'placeLeg',
        legId: ENTRY,
        role: 'ENTRY',
        side: 'BUY',
        quantity: 100,
        orderType: 'LIMIT',
        price: rupees(100),
        triggerPrice: null,
        replacesLegId: null,
      },
    ]);
  });

  it.each([
    ['no quantity', planFor({ quantity: 0 })],
    ['TP2 without TP1', planFor({ targets: [{ role: 'TP2', quantity: 10, price: rupees(105) }] })],
    [
      'targets beyond the quantity',
      planFor({
        targets: [
          { role: 'TP1', quantity: 60, price: rupees(103) },
          { role: 'TP2', quantity: 50, price: rupees(106) },
        ],
      }),
    ],
    [
      'a LIMIT stop',
      planFor({ stop: { orderType: 'LIMIT', price: rupees(98), triggerPrice: null } }),
    ],
    [
      'an SL stop without trigger',
      planFor({ stop: { orderType: 'SL', price: rupees(98), triggerPrice: null } }),
    ],
    [
      'a LIMIT entry without price',
      planFor({ entry: { orderType: 'LIMIT', price: null, triggerPrice: null } }),
    ],
    ['no modifications allowed', planFor({ maxModificationsPerOrder: 0 })],
  ])('refuses a plan with %s', (_name, plan) => {
    const created = createGroup(plan);
    expect(created.ok ? 'ok' : created.error.code).toBe('INVALID_PLAN');
  });
});

describe('applyGroupEvent: arming protection from entry fills', () => {
  it('moves to ENTRY_WORKING on the ack, and ignores the ack repeated', () => {
    const working = step(newGroup(), accepted(ENTRY));
    expect(working.group.status).toBe('ENTRY_WORKING');
    expect(working.commands).toEqual([]);
    const again = step(working.group, accepted(ENTRY, 9));
    expect(again.group).toBe(working.group);
    expect(again.commands).toEqual([]);
  });

  it('places a stop and the first target sized to a partial entry fill', () => {
    const first = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 30));
    expect(orderCommands(first.commands)).toEqual(['place STOP SELL 30', 'place TP1 SELL 30']);
    expect(first.group.status).toBe('OPEN');
    const stop = first.commands[0];
    expect(stop).toMatchObject({ orderType: 'SL-M', triggerPrice: rupees(98), price: null });
    expect(first.commands[1]).toMatchObject({ orderType: 'LIMIT', price: rupees(103) });
  });

  it('resizes protection as the entry fills further', () => {
    const at30 = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 30)).group;
    const at70 = step(at30, filled(ENTRY, 70));
    expect(orderCommands(at70.commands)).toEqual([
      'modify G1:STOP:1 to 70',
      'modify G1:TP1:2 to 50',
      'place TP2 SELL 20',
    ]);
    const at100 = step(at70.group, closed(ENTRY, 'FILLED', 100));
    expect(orderCommands(at100.commands)).toEqual([
      'modify G1:STOP:1 to 100',
      'modify G1:TP2:3 to 50',
    ]);
    expect(at100.group.status).toBe('OPEN');
  });

  it('closes the group when the entry ends with nothing filled', () => {
    for (const outcome of ['CANCELLED', 'REJECTED', 'EXPIRED'] as const) {
      const ended = step(step(newGroup(), accepted(ENTRY)).group, closed(ENTRY, outcome, 0));
      expect(ended.group.status).toBe('CLOSED');
      expect(ended.commands).toEqual([]);
    }
  });

  it('protects exactly what filled when the entry is cancelled part way', () => {
    const ended = step(step(newGroup(), accepted(ENTRY)).group, closed(ENTRY, 'CANCELLED', 60));
    expect(orderCommands(ended.commands)).toEqual([
      'place STOP SELL 60',
      'place TP1 SELL 50',
      'place TP2 SELL 10',
    ]);
    expect(ended.group.status).toBe('OPEN');
  });

  it('uses BUY exits for a short entry', () => {
    const short = step(
      step(newGroup({ side: 'SELL' }), accepted(ENTRY)).group,
      closed(ENTRY, 'FILLED', 100),
    );
    expect(orderCommands(short.commands)).toEqual([
      'place STOP BUY 100',
      'place TP1 BUY 50',
      'place TP2 BUY 50',
    ]);
  });

  it('needs no targets', () => {
    const g = step(
      step(newGroup({ targets: [] }), accepted(ENTRY)).group,
      closed(ENTRY, 'FILLED', 100),
    );
    expect(orderCommands(g.commands)).toEqual(['place STOP SELL 100']);
  });
});

describe('applyGroupEvent: exits', () => {
  it('reduces the stop when TP1 fills and leaves TP2 working', () => {
    const tp1 = step(openLong(), closed('G1:TP1:2', 'FILLED', 50));
    expect(orderCommands(tp1.commands)).toEqual(['modify G1:STOP:1 to 50']);
    expect(tp1.group.status).toBe('PARTIALLY_EXITED');
    expect(liveLeg(tp1.group, 'TP2').quantity).toBe(50);
  });

  it('reduces the stop step by step on partial target fills', () => {
    const g = step(openLong(), filled('G1:TP1:2', 20));
    expect(orderCommands(g.commands)).toEqual(['modify G1:STOP:1 to 80']);
  });

  it('cancels the targets when the stop fills, then closes once they are gone', () => {
    const stopped = step(openLong(), closed('G1:STOP:1', 'FILLED', 100));
    expect(orderCommands(stopped.commands)).toEqual(['cancel G1:TP1:2', 'cancel G1:TP2:3']);
    expect(stopped.group.status).toBe('CLOSING');
    const done = runAll(stopped.group, [
      closed('G1:TP1:2', 'CANCELLED', 0),
      closed('G1:TP2:3', 'CANCELLED', 0),
    ]);
    expect(done.status).toBe('CLOSED');
    expect(done.legs.every((l) => l.status === 'DONE')).toBe(true);
  });

  it('shrinks the targets (TP2 first) when the stop fills partly, and drops the unfilled entry', () => {
    let g = step(newGroup(), accepted(ENTRY)).group;
    g = step(g, filled(ENTRY, 100)).group;
    const partial = step(g, filled('G1:STOP:1', 30));
    expect(orderCommands(partial.commands)).toEqual(['modify G1:TP2:3 to 20']);
    // With the entry still working, a stop fill also cancels the entry's unfilled rest.
    const fresh = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 60)).group;
    const hit = step(fresh, filled('G1:STOP:1', 10));
    expect(orderCommands(hit.commands)).toEqual([`cancel ${ENTRY}`, 'cancel G1:TP2:3']);
    expect(hit.group.entryAbandoned).toBe(true);
  });

  it('flattens the excess when a stop and a target both fill (race)', () => {
    const tp1 = step(openLong(), closed('G1:TP1:2', 'FILLED', 50)).group;
    // The stop's modify to 50 had not reached the broker: it fills its old 100.
    const raced = step(tp1, closed('G1:STOP:1', 'FILLED', 100));
    expect(measureGroupPosition(raced.group).net).toBe(-50);
    expect(orderCommands(raced.commands)).toEqual([
      'cancel G1:TP2:3',
      'flatten BUY 50 POSITION_FLIPPED',
    ]);
    expect(riskCodes(raced.commands)).toEqual(['POSITION_FLIPPED']);
    expect(raced.group.status).toBe('EXITING');
    const flattenId = legsOf(raced.group, 'EXIT', 'BUY')[0]!.legId;
    const done = runAll(raced.group, [
      closed(flattenId, 'FILLED', 50),
      closed('G1:TP2:3', 'CANCELLED', 0),
    ]);
    expect(measureGroupPosition(done).net).toBe(0);
    expect(done.status).toBe('CLOSED');
  });

  it('raises the flip once, not again for a repeated report', () => {
    const tp1 = step(openLong(), closed('G1:TP1:2', 'FILLED', 50)).group;
    const raced = step(tp1, closed('G1:STOP:1', 'FILLED', 100)).group;
    const repeat = step(raced, closed('G1:STOP:1', 'FILLED', 100));
    expect(repeat.group).toBe(raced);
    expect(repeat.commands).toEqual([]);
  });

  it('exits the rest at market when the stop completes short of the position', () => {
    // Stop placed for 30, entry fills to 100, the stop's growth is overtaken by its fill.
    let g = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 30)).group;
    g = step(g, closed(ENTRY, 'FILLED', 100)).group;
    const hit = step(g, closed('G1:STOP:1', 'FILLED', 30));
    expect(hit.group.status).toBe('EXITING');
    expect(orderCommands(hit.commands)).toEqual(['cancel G1:TP1:2', 'cancel G1:TP2:3']);
    // Each confirmed cancel frees its share for the market exit, never more.
    const first = step(hit.group, closed('G1:TP1:2', 'CANCELLED', 0));
    expect(orderCommands(first.commands)).toEqual(['place EXIT SELL 20']);
    expect(first.commands[0]).toMatchObject({
      orderType: 'MARKET',
      price: null,
      triggerPrice: null,
    });
    const last = step(first.group, closed('G1:TP2:3', 'CANCELLED', 0));
    expect(orderCommands(last.commands)).toEqual(['place EXIT SELL 50']);
  });
});

describe("applyGroupEvent: Kite's modification cap and refused modifies", () => {
  it('places a new stop before cancelling the old one once the cap is reached', () => {
    let g = step(
      step(newGroup({ maxModificationsPerOrder: 1 }), accepted(ENTRY)).group,
      filled(ENTRY, 30),
    ).group;
    const first = step(g, filled(ENTRY, 60));
    expect(orderCommands(first.commands)).toContain('modify G1:STOP:1 to 60');
    g = first.group;
    const capped = step(g, closed(ENTRY, 'FILLED', 100));
    const stopCommands = orderCommands(capped.commands).filter((c) => c.includes('STOP'));
    expect(stopCommands).toEqual(['place STOP SELL 100 replaces G1:STOP:1', 'cancel G1:STOP:1']);
    expect(liveLeg(capped.group, 'STOP').quantity).toBe(100);
  });

  it('replaces a leg whose modify hit the cap at the broker', () => {
    const tp1 = step(openLong(), closed('G1:TP1:2', 'FILLED', 50)).group;
    const refused = step(tp1, {
      type: 'legModifyRefused',
      legId: 'G1:STOP:1',
      capReached: true,
      reason: 'Maximum allowed order modifications exceeded.',
      at: T0 + 30,
    });
    expect(orderCommands(refused.commands)).toEqual([
      'place STOP SELL 50 replaces G1:STOP:1',
      'cancel G1:STOP:1',
    ]);
    expect(riskCodes(refused.commands)).toEqual([]);
  });

  it('replaces a leg whose modify was refused for another reason, with a warning', () => {
    const tp1 = step(openLong(), closed('G1:TP1:2', 'FILLED', 50)).group;
    const refused = step(tp1, {
      type: 'legModifyRefused',
      legId: 'G1:STOP:1',
      capReached: false,
      reason: 'Order cannot be modified as it is being processed. Try later.',
      at: T0 + 30,
    });
    expect(orderCommands(refused.commands)).toEqual([
      'place STOP SELL 50 replaces G1:STOP:1',
      'cancel G1:STOP:1',
    ]);
    expect(riskCodes(refused.commands)).toEqual(['MODIFY_REFUSED']);
  });
});

describe('applyGroupEvent: lost legs and failed exits', () => {
  it('exits at market when the stop is rejected, after the targets are cancelled', () => {
    const lost = step(openLong(), closed('G1:STOP:1', 'REJECTED', 0));
    expect(riskCodes(lost.commands)).toEqual(['STOP_LOST']);
    expect(orderCommands(lost.commands)).toEqual(['cancel G1:TP1:2', 'cancel G1:TP2:3']);
    expect(lost.group.status).toBe('EXITING');
    const half = step(lost.group, closed('G1:TP1:2', 'CANCELLED', 0));
    expect(orderCommands(half.commands)).toEqual(['place EXIT SELL 50']);
    const all = step(half.group, closed('G1:TP2:3', 'CANCELLED', 0));
    expect(orderCommands(all.commands)).toEqual(['place EXIT SELL 50']);
  });

  it('keeps the stop and does not re-place a rejected target', () => {
    const lost = step(openLong(), closed('G1:TP2:3', 'REJECTED', 0));
    expect(riskCodes(lost.commands)).toEqual(['TARGET_LOST']);
    expect(orderCommands(lost.commands)).toEqual([]);
    expect(lost.group.disabledRoles).toEqual(['TP2']);
    expect(lost.group.status).toBe('OPEN');
  });

  it('stops retrying a failed exit until a person flattens again', () => {
    const flat = step(openLong(), { type: 'flatten', reason: 'trader', at: T0 + 30 }).group;
    const cleared = runAll(flat, [
      closed('G1:STOP:1', 'CANCELLED', 0),
      closed('G1:TP1:2', 'CANCELLED', 0),
      closed('G1:TP2:3', 'CANCELLED', 0),
    ]);
    expect(legsOf(cleared, 'EXIT').map((l) => l.quantity)).toEqual([50, 50]);
    const exitId = liveLeg(cleared, 'EXIT').legId;
    const failed = step(cleared, closed(exitId, 'REJECTED', 0));
    expect(riskCodes(failed.commands)).toEqual(['EXIT_FAILED']);
    expect(orderCommands(failed.commands)).toEqual([]);
    expect(failed.group.status).toBe('EXITING');
    const retry = step(failed.group, { type: 'flatten', reason: 'trader again', at: T0 + 60 });
    expect(orderCommands(retry.commands)).toEqual(['place EXIT SELL 50']);
  });
});

describe('applyGroupEvent: abandonEntry', () => {
  it('cancels the rest of a partly filled entry and keeps the filled part protected', () => {
    const g = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 60)).group;
    const stopBefore = liveLeg(g, 'STOP');
    const gone = step(g, { type: 'abandonEntry', reason: 'market ran away', at: T0 + 30 });
    expect(orderCommands(gone.commands)).toEqual([`cancel ${ENTRY}`]);
    expect(gone.group.exiting).toBe(false);
    expect(gone.group.entryAbandoned).toBe(true);
    expect(liveLeg(gone.group, 'STOP')).toEqual(stopBefore);
    // Said twice, it is news once.
    const again = step(gone.group, { type: 'abandonEntry', reason: 'again', at: T0 + 31 });
    expect(again.commands).toEqual([]);
    expect(again.group).toBe(gone.group);
    const closedEntry = step(gone.group, closed(ENTRY, 'CANCELLED', 60));
    expect(orderCommands(closedEntry.commands)).toEqual([]);
    expect(closedEntry.group.status).toBe('OPEN');
    expect(measureGroupPosition(closedEntry.group).net).toBe(60);
  });
});

describe('applyGroupEvent: flatten', () => {
  it('turns the stop into the market exit first, then cancels the rest', () => {
    const g = step(step(newGroup(), accepted(ENTRY)).group, filled(ENTRY, 60)).group;
    const flat = step(g, { type: 'flatten', reason: 'kill switch', at: T0 + 30 });
    expect(orderCommands(flat.commands)).toEqual([
      'modify G1:STOP:1 to 60 at market',
      `cancel ${ENTRY}`,
      'cancel G1:TP1:2',
      'cancel G1:TP2:3',
    ]);
    expect(flat.group.status).toBe('EXITING');
    expect(flat.group.exitReason).toBe('kill switch');
    // A repeated reconciliation sends nothing more while the market stop works.
    const entryGone = step(flat.group, closed(ENTRY, 'CANCELLED', 60));
    expect(orderCommands(entryGone.commands)).toEqual([]);
    const out = step(entryGone.group, closed('G1:STOP:1', 'FILLED', 60));
    expect(orderCommands(out.commands)).toEqual([]);
    expect(out.group.status).toBe('CLOSING');
    const done = runAll(out.group, [
      closed('G1:TP1:2', 'CANCELLED', 0),
      closed('G1:TP2:3', 'CANCELLED', 0),
    ]);
    expect(done.status).toBe('CLOSED');
    expect(measureGroupPosition(done).net).toBe(0);
  });

  it('closes the flip when a target being cancelled fills beside the market stop', () => {
    const flat = step(openLong(), { type: 'flatten', reason: 'kill switch', at: T0 + 30 });
    const raced = runAll(flat.group, [
      closed('G1:TP1:2', 'FILLED', 50),
      closed('G1:STOP:1', 'FILLED', 100),
    ]);
    expect(measureGroupPosition(raced).net).toBe(-50);
    expect(legsOf(raced, 'EXIT').map((l) => `${l.side} ${l.quantity}`)).toEqual(['BUY 50']);
    expect(raced.status).toBe('EXITING');
  });

  it('without a stop it can modify, cancels everything first, then exits what is left at market', () => {
    let g = step(
      step(newGroup({ maxModificationsPerOrder: 1 }), accepted(ENTRY)).group,
      filled(ENTRY, 60),
    ).group;
    // The stop grew with the entry once: the cap is spent.
    g = step(g, filled(ENTRY, 80)).group;
    const flat = step(g, { type: 'flatten', reason: 'kill switch', at: T0 + 30 });
    expect(orderCommands(flat.commands)).toEqual([
      `cancel ${ENTRY}`,
      'cancel G1:STOP:1',
      'cancel G1:TP1:2',
      'cancel G1:TP2:3',
    ]);
    g = runAll(flat.group, [closed(ENTRY, 'CANCELLED', 80)]);
    // The stop's share is still covered by the targets being cancelled.
    const stopGone = step(g, closed('G1:STOP:1', 'CANCELLED', 0));
    expect(orderCommands(stopGone.commands)).toEqual([]);
    const tp1Gone = step(stopGone.group, closed('G1:TP1:2', 'CANCELLED', 0));
    expect(orderCommands(tp1Gone.commands)).toEqual(['place EXIT SELL 50']);
    const last = step(tp1Gone.group, closed('G1:TP2:3', 'CANCELLED', 0));
    expect(orderCommands(last.commands)).toEqual(['place EXIT SELL 30']);
    const [a, b] = legsOf(last.group, 'EXIT');
    const done = runAll(last.group, [
      closed(a!.legId, 'FILLED', 50),
      closed(b!.legId, 'FILLED', 30),
    ]);
    expect(done.status).toBe('CLOSED');
  });

  it('cancels an entry that has not been acknowledged', () => {
    const flat = step(newGroup(), { type: 'flatten', reason: 'EOD', at: T0 + 1 });
    expect(orderCommands(flat.commands)).toEqual([`cancel ${ENTRY}`]);
    expect(flat.group.status).toBe('CLOSING');
    expect(step(flat.group, closed(ENTRY, 'CANCELLED', 0)).group.status).toBe('CLOSED');
  });

  it('is a no-op when pressed twice', () => {
    const flat = step(openLong(), { type: 'flatten', reason: 'trader', at: T0 + 1 }).group;
    const again = step(flat, { type: 'flatten', reason: 'trader', at: T0 + 2 });
    expect(again.group).toBe(flat);
    expect(again.commands).toEqual([]);
  });
});

describe('applyGroupEvent: over-fills and late fills', () => {
  it('flattens an entry over-fill and keeps the planned position protected', () => {
    const over = step(openLong(), filled(ENTRY, 110));
    expect(orderCommands(over.commands)).toEqual(['flatten SELL 10 ENTRY_OVERFILL']);
    expect(riskCodes(over.commands)).toEqual(['ENTRY_OVERFILL']);
    expect(liveLeg(over.group, 'STOP').quantity).toBe(100);
    const flattenId = liveLeg(over.group, 'EXIT').legId;
    const done = step(over.group, closed(flattenId, 'FILLED', 10));
    expect(orderCommands(done.commands)).toEqual([]);
    expect(measureGroupPosition(done.group).net).toBe(100);
  });

  it('flags a fill on a cancelled stop and flattens the flip it causes', () => {
    const flat = step(openLong(), { type: 'flatten', reason: 'trader', at: T0 + 1 }).group;
    let g = runAll(flat, [
      closed('G1:STOP:1', 'CANCELLED', 0),
      closed('G1:TP1:2', 'CANCELLED', 0),
      closed('G1:TP2:3', 'CANCELLED', 0),
    ]);
    g = runAll(
      g,
      legsOf(g, 'EXIT').map((l) => closed(l.legId, 'FILLED', l.quantity)),
    );
    expect(g.status).toBe('CLOSED');
    const late = step(g, filled('G1:STOP:1', 20, 3_600_000));
    expect(riskCodes(late.commands)).toEqual(['LATE_FILL', 'POSITION_FLIPPED']);
    expect(orderCommands(late.commands)).toEqual(['flatten BUY 20 POSITION_FLIPPED']);
    expect(late.group.status).toBe('EXITING');
  });
});

describe('applyGroupEvent: bad input', () => {
  it('refuses an unknown leg', () => {
    const result = applyGroupEvent(deepFreeze(openLong()), filled('G1:STOP:99', 1));
    expect(result.ok ? 'ok' : result.error.code).toBe('UNKNOWN_LEG');
  });

  it('refuses malformed quantities', () => {
    const result = applyGroupEvent(deepFreeze(openLong()), filled('G1:STOP:1', 1.5));
    expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_EVENT');
  });

  it('ignores a lower or repeated cumulative fill', () => {
    const g = step(openLong(), filled('G1:TP1:2', 20)).group;
    for (const n of [20, 10, 0]) {
      const again = step(g, filled('G1:TP1:2', n));
      expect(again.group).toBe(g);
      expect(again.commands).toEqual([]);
    }
  });
});
