import { deriveGroupStatus } from './derive-group-status';
import type { GroupCommand, GroupRiskCode, RiskEventCommand, RiskSeverity } from './group-commands';
import type { GroupEvent } from './group-events';
import { measureGroupPosition } from './group-position';
import type { DisableableRole, GroupLeg, LegOutcome, OcoGroup } from './group-types';
import { reconcileGroup } from './reconcile-legs';

export type GroupErrorCode = 'UNKNOWN_LEG' | 'INVALID_EVENT';

export interface GroupEventError {
  readonly code: GroupErrorCode;
  readonly message: string;
  readonly event: GroupEvent;
}

export type GroupEventResult =
  | { readonly ok: true; readonly group: OcoGroup; readonly commands: readonly GroupCommand[] }
  | { readonly ok: false; readonly error: GroupEventError };

const LEG_OUTCOMES: readonly LegOutcome[] = ['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED'];

type Facts =
  | { readonly ok: true; readonly group: OcoGroup; readonly risks: readonly RiskEventCommand[] }
  | { readonly ok: false; readonly code: GroupErrorCode; readonly message: string };

/**
 * Applies one event to a bracket group and returns what the engine must do next. Pure and
 * deterministic: the same group and event always give the same group and commands, and the
 * input is never modified. An event that tells the group nothing new (a duplicate, a late
 * lower fill count) returns the same group and no commands.
 *
 * The position is measured from fills after every event, so races (stop and target both
 * filling, a fill after a cancel, a modify overtaken by a fill) are handled by sizing from
 * the measured position, and any flip is closed at once with a risk event.
 */
export function applyGroupEvent(group: OcoGroup, event: GroupEvent): GroupEventResult {
  const invalid = describeInvalidEvent(event);
  const facts: Facts =
    invalid === null
      ? applyFacts(group, event)
      : { ok: false, code: 'INVALID_EVENT', message: invalid };
  if (!facts.ok) return { ok: false, error: { code: facts.code, message: facts.message, event } };
  if (facts.group === group) return { ok: true, group, commands: [] };

  const before = measureGroupPosition(group);
  const after = measureGroupPosition(facts.group);
  const risks = [...facts.risks];
  let next = facts.group;
  if (after.net < 0) {
    next = {
      ...next,
      exiting: true,
      entryAbandoned: true,
      exitReason: next.exitReason ?? 'position flipped',
    };
    if (-after.net > Math.max(0, -before.net)) {
      risks.push(
        riskEvent(
          next,
          event,
          'POSITION_FLIPPED',
          'CRITICAL',
          -after.net,
          `exits filled ${-after.net} beyond the position`,
        ),
      );
    }
  }
  if (after.overfill > before.overfill) {
    risks.push(
      riskEvent(
        next,
        event,
        'ENTRY_OVERFILL',
        'CRITICAL',
        after.overfill,
        `entry filled ${after.overfill} beyond its quantity`,
      ),
    );
  }
  const reconciled = reconcileGroup(next);
  return {
    ok: true,
    group: { ...reconciled.group, status: deriveGroupStatus(reconciled.group) },
    commands: [...reconciled.commands, ...risks],
  };
}

function applyFacts(group: OcoGroup, event: GroupEvent): Facts {
  if (event.type === 'flatten') return applyFlatten(group, event.reason);
  if (event.type === 'abandonEntry') {
    return group.entryAbandoned
      ? { ok: true, group, risks: [] }
      : { ok: true, group: { ...group, entryAbandoned: true }, risks: [] };
  }
  const leg = group.legs.find((l) => l.legId === event.legId);
  if (leg === undefined) {
    return {
      ok: false,
      code: 'UNKNOWN_LEG',
      message: `group ${group.plan.groupId} has no leg ${event.legId}`,
    };
  }
  switch (event.type) {
    case 'legAccepted':
      return unchangedOr(group, leg.accepted ? leg : { ...leg, accepted: true }, []);
    case 'legFilled':
      return applyFill(group, leg, event.filledQuantity, event);
    case 'legClosed':
      return applyClose(group, leg, event);
    case 'legModifyRefused': {
      if (leg.status !== 'WORKING' || leg.replaceRequired) return { ok: true, group, risks: [] };
      const refused: GroupLeg = {
        ...leg,
        replaceRequired: true,
        modifications: event.capReached
          ? Math.max(leg.modifications, group.plan.maxModificationsPerOrder)
          : leg.modifications,
      };
      const risks = event.capReached
        ? []
        : [
            riskEvent(
              group,
              event,
              'MODIFY_REFUSED',
              'WARNING',
              null,
              `modify of ${leg.legId} refused: ${event.reason}`,
            ),
          ];
      return unchangedOr(group, refused, risks);
    }
  }
}

function applyFlatten(group: OcoGroup, reason: string): Facts {
  const exitDisabled = group.disabledRoles.includes('EXIT');
  if (group.exiting && group.entryAbandoned && !exitDisabled) return { ok: true, group, risks: [] };
  return {
    ok: true,
    group: {
      ...group,
      exiting: true,
      exitReason: group.exitReason ?? reason,
      entryAbandoned: true,
      // Pressing flatten again is how a person retries a failed exit.
      disabledRoles: group.disabledRoles.filter((r) => r !== 'EXIT'),
    },
    risks: [],
  };
}

function applyFill(
  group: OcoGroup,
  leg: GroupLeg,
  filledQuantity: number,
  event: GroupEvent,
): Facts {
  if (filledQuantity <= leg.filledQuantity) return { ok: true, group, risks: [] };
  // More than a FILLED order's quantity is an over-fill, measured by the position instead.
  const risks =
    leg.status === 'DONE' && leg.outcome !== 'FILLED'
      ? [
          riskEvent(
            group,
            event,
            'LATE_FILL',
            'WARNING',
            filledQuantity - leg.filledQuantity,
            `${leg.legId} filled ${filledQuantity - leg.filledQuantity} after it was reported ${leg.outcome ?? 'done'}`,
          ),
        ]
      : [];
  const filled = withLeg(group, { ...leg, filledQuantity });
  // A stop fill ends the trade idea: the entry's unfilled rest is no longer wanted.
  const next = leg.role === 'STOP' ? { ...filled, entryAbandoned: true } : filled;
  return { ok: true, group: next, risks };
}

function applyClose(
  group: OcoGroup,
  leg: GroupLeg,
  event: Extract<GroupEvent, { type: 'legClosed' }>,
): Facts {
  if (leg.status === 'DONE') return applyFill(group, leg, event.filledQuantity, event);
  const wasCancelling = leg.status === 'CANCELLING';
  const closedLeg: GroupLeg = {
    ...leg,
    status: 'DONE',
    outcome: event.outcome,
    filledQuantity: Math.max(leg.filledQuantity, event.filledQuantity),
    replaceRequired: false,
  };
  const closed = withLeg(group, closedLeg);
  const held = measureGroupPosition(closed).net > 0;
  const filled = event.outcome === 'FILLED';
  const unexpected = !filled && !wasCancelling;
  const why = event.reason === undefined ? '' : `: ${event.reason}`;
  switch (leg.role) {
    case 'ENTRY':
      return { ok: true, group: closed, risks: [] };
    case 'STOP': {
      const stopFilled = closedLeg.filledQuantity > leg.filledQuantity || filled;
      const base = stopFilled ? { ...closed, entryAbandoned: true } : closed;
      if (filled && held)
        return { ok: true, group: exit(base, 'stop filled with position left'), risks: [] };
      if (unexpected && held) {
        return {
          ok: true,
          group: exit(base, `stop ${event.outcome.toLowerCase()}`),
          risks: [
            riskEvent(
              group,
              event,
              'STOP_LOST',
              'CRITICAL',
              null,
              `stop ${leg.legId} ${event.outcome}${why}; exiting at market`,
            ),
          ],
        };
      }
      return { ok: true, group: base, risks: [] };
    }
    case 'TP1':
    case 'TP2':
    case 'EXIT': {
      if (!unexpected) return { ok: true, group: closed, risks: [] };
      const role: DisableableRole = leg.role;
      const code: GroupRiskCode = role === 'EXIT' ? 'EXIT_FAILED' : 'TARGET_LOST';
      return {
        ok: true,
        group: { ...closed, disabledRoles: [...new Set([...closed.disabledRoles, role])] },
        risks: [
          riskEvent(
            group,
            event,
            code,
            role === 'EXIT' ? 'CRITICAL' : 'WARNING',
            null,
            `${leg.legId} ${event.outcome}${why}; not placed again automatically`,
          ),
        ],
      };
    }
  }
}

function exit(group: OcoGroup, reason: string): OcoGroup {
  return { ...group, exiting: true, entryAbandoned: true, exitReason: group.exitReason ?? reason };
}

function withLeg(group: OcoGroup, leg: GroupLeg): OcoGroup {
  return { ...group, legs: group.legs.map((l) => (l.legId === leg.legId ? leg : l)) };
}

function unchangedOr(group: OcoGroup, leg: GroupLeg, risks: readonly RiskEventCommand[]): Facts {
  const current = group.legs.find((l) => l.legId === leg.legId);
  return current === leg
    ? { ok: true, group, risks: [] }
    : { ok: true, group: withLeg(group, leg), risks };
}

function riskEvent(
  group: OcoGroup,
  event: GroupEvent,
  code: GroupRiskCode,
  severity: RiskSeverity,
  quantity: number | null,
  message: string,
): RiskEventCommand {
  return {
    type: 'raiseRiskEvent',
    code,
    severity,
    groupId: group.plan.groupId,
    legId: event.type === 'flatten' || event.type === 'abandonEntry' ? null : event.legId,
    quantity,
    message,
    at: event.at,
  };
}

function describeInvalidEvent(event: GroupEvent): string | null {
  if (!Number.isFinite(event.at)) return `event time must be finite, got ${event.at}`;
  switch (event.type) {
    case 'legFilled':
    case 'legClosed':
      if (!Number.isSafeInteger(event.filledQuantity) || event.filledQuantity < 0) {
        return `filled quantity must be a non-negative integer, got ${event.filledQuantity}`;
      }
      if (event.type === 'legClosed' && !LEG_OUTCOMES.includes(event.outcome)) {
        return `unknown outcome ${event.outcome}`;
      }
      return null;
    case 'legAccepted':
    case 'legModifyRefused':
    case 'flatten':
    case 'abandonEntry':
      return null;
  }
}
