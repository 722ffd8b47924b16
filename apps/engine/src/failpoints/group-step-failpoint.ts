import type { FailpointName } from '@kavach/config';
import type { GroupCommand, GroupEvent, OcoGroup } from '@kavach/domain';

/**
 * Which crash point a bracket's step is, if any: the moment a fill is applied and stored and
 * the protection it calls for (the first stop after the entry fill, the stop's reduction after
 * a target fill) is neither written nor sent. Fills only: a flatten or a refused modify is
 * some other step.
 */
export function failpointOfGroupStep(
  group: OcoGroup,
  event: GroupEvent,
  commands: readonly GroupCommand[],
): FailpointName | null {
  if (event.type !== 'legFilled' && event.type !== 'legClosed') return null;
  const filledRole = group.legs.find((l) => l.legId === event.legId)?.role;
  if (filledRole === 'ENTRY' && commands.some((c) => c.type === 'placeLeg' && c.role === 'STOP')) {
    return 'oco.entry-fill.before-protection';
  }
  const reducesStop = commands.some(
    (c) => (c.type === 'modifyLeg' || c.type === 'cancelLeg') && c.role === 'STOP',
  );
  if ((filledRole === 'TP1' || filledRole === 'TP2') && reducesStop) {
    return 'oco.target-fill.before-stop-reduction';
  }
  return null;
}
