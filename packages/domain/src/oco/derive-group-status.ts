import { findEntryLeg, measureGroupPosition } from './group-position';
import type { GroupStatus, OcoGroup } from './group-types';

/** The group's status follows from its fills and legs; only `exiting` is remembered. */
export function deriveGroupStatus(group: OcoGroup): GroupStatus {
  const position = measureGroupPosition(group);
  const entry = findEntryLeg(group);
  const anyLive = group.legs.some((l) => l.status !== 'DONE');
  if (position.net === 0 && !anyLive) return 'CLOSED';
  if (position.net < 0) return 'EXITING';
  if (group.exiting) return position.net > 0 ? 'EXITING' : 'CLOSING';
  if (position.entryFilled === 0 && position.exitFilled === 0) {
    return entry.accepted ? 'ENTRY_WORKING' : 'PENDING_ENTRY';
  }
  if (position.net === 0) {
    // Flat, but a still-wanted entry may fill more and reopen the position.
    return entry.status === 'WORKING' && !group.entryAbandoned ? 'PARTIALLY_EXITED' : 'CLOSING';
  }
  return position.exitFilled > 0 ? 'PARTIALLY_EXITED' : 'OPEN';
}
