import { STATUS_REASONS } from './rejection-messages';
import type { StatusReason } from './rejection-messages';

/** A control-API fault: the next `count` client orders end REJECTED with this reason. */
export interface RejectionFault {
  readonly count: number;
  /** status_message, e.g. a Kite RMS text. */
  readonly reason: string;
  /** status_message_raw; the reason again when omitted. */
  readonly raw?: string;
}

export interface FaultQueue {
  readonly injectRejection: (fault: RejectionFault) => void;
  /** The reason for the next order, consuming one injected rejection; null when none. */
  readonly takeRejection: () => StatusReason | null;
  readonly clear: () => void;
}

export function createFaultQueue(): FaultQueue {
  const pending: { remaining: number; reason: StatusReason }[] = [];
  return {
    injectRejection: (fault) => {
      if (!Number.isSafeInteger(fault.count) || fault.count <= 0) {
        throw new RangeError(`rejection count must be a positive integer, got ${fault.count}`);
      }
      const reason = STATUS_REASONS.injected(fault.reason);
      pending.push({
        remaining: fault.count,
        reason: fault.raw === undefined ? reason : { ...reason, raw: fault.raw },
      });
    },
    takeRejection: () => {
      const head = pending[0];
      if (head === undefined) return null;
      head.remaining -= 1;
      if (head.remaining === 0) pending.shift();
      return head.reason;
    },
    clear: () => {
      pending.length = 0;
    },
  };
}
