import type { ControlNotice } from '../server/realtime/socket-events';
import { formatIstTime } from './format';

const DONE = {
  PAUSE: 'Paused',
  RESUME: 'Resumed',
  FLATTEN: 'Flattened',
  RESET: 'Kill switch reset',
  MODE: 'Mode changed',
} as const;

const TRIED = {
  PAUSE: 'Pause',
  RESUME: 'Resume',
  FLATTEN: 'Flatten all',
  RESET: 'Reset',
  MODE: 'Mode change',
} as const;

/**
 * A control notice in one line, as a trader on another screen reads it:
 * "Paused by Asha at 10:31:02 IST: coffee", "Flatten all by Asha at … refused: …".
 */
export function describeControlNotice(notice: ControlNotice): string {
  const who = notice.by.name.trim() === '' ? notice.by.email : notice.by.name;
  const when = `at ${formatIstTime(notice.at)} IST`;
  const { outcome } = notice;
  if (!outcome.ok) {
    const what =
      notice.action === 'MODE' && notice.requestedMode !== null
        ? `Switch to ${notice.requestedMode}`
        : TRIED[notice.action];
    return `${what} by ${who} ${when} refused: ${outcome.message} (${outcome.code})`;
  }
  let result = '';
  switch (notice.action) {
    case 'FLATTEN':
      result =
        outcome.flat === false
          ? `${DONE.FLATTEN} by ${who} ${when}: ${String(outcome.remainingPositions ?? '?')} positions still open, HALTED`
          : `${DONE.FLATTEN} by ${who} ${when}: flat, HALTED until reset`;
      break;
    case 'MODE':
      result = `${outcome.mode === null ? DONE.MODE : `Mode set to ${outcome.mode}`} by ${who} ${when}`;
      break;
    case 'RESET':
      result = `${DONE.RESET} by ${who} ${when}${outcome.tradingState === null ? '' : `: ${outcome.tradingState}`}`;
      break;
    case 'PAUSE':
    case 'RESUME':
      result = `${DONE[notice.action]} by ${who} ${when}`;
  }
  return notice.reason === null ? result : `${result} — ${notice.reason}`;
}
