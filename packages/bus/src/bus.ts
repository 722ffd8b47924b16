import type { BusChannel } from './channels';
import type { PayloadOf } from './payloads';
import type { TickMessage } from './schemas/tick-message';

/**
 * Fire-and-forget publish/subscribe for live views. Nothing that must not be lost travels only
 * on the bus: the database is the source of truth, and a view that missed messages reloads from
 * it. Delivery is at most once, in publish order per channel.
 */
export interface Bus {
  /**
   * Validates and publishes. The promise rejects with:
   * - BusValidationError when the payload or channel is invalid: a caller bug, left unhandled
   *   on purpose so that even an ignored promise surfaces it;
   * - BusUnavailableError (transport down) or BusClosedError: the message is lost, which the
   *   bus allows. These rejections are already handled, so `void bus.publish(…)` is safe on a
   *   trading path; the bus logs and counts them.
   */
  readonly publish: <C extends BusChannel>(channel: C, payload: PayloadOf<C>) => Promise<void>;
  /**
   * Delivers every valid message published on the channel from now on. Resolves once the
   * subscription is active (Redis acknowledged it); rejects (and delivers nothing) when it could
   * not be made. Malformed messages are dropped, counted and logged, never delivered.
   */
  readonly subscribe: <C extends BusChannel>(
    channel: C,
    handler: BusHandler<C>,
  ) => Promise<Unsubscribe>;
  /** Every instrument's ticks (all `ticks.*` channels; Redis PSUBSCRIBE). */
  readonly subscribeTicks: (handler: TickHandler) => Promise<Unsubscribe>;
  /** Counters since the bus was created. */
  readonly stats: () => BusStats;
  /**
   * Whether what others publish reaches this bus's handlers now. False from the moment the
   * transport loses Redis until it is back and every subscription is acknowledged again;
   * always true in process. What was published while false is lost for good, so a view that
   * relays the bus reloads when it turns true again.
   */
  readonly receiving: () => boolean;
  /** Calls `listener` on every change of `receiving()`, until the returned function is called. */
  readonly onReceivingChange: (listener: (receiving: boolean) => void) => () => void;
  /** Stops delivery and closes connections; safe to call more than once. */
  readonly close: () => Promise<void>;
}

/**
 * A handler runs once per message; one that throws (or rejects) is logged and does not stop
 * delivery to the others. Payloads are shared between the handlers of one bus: do not mutate.
 */
export type BusHandler<C extends BusChannel> = (payload: PayloadOf<C>, channel: C) => void;
export type TickHandler = (tick: TickMessage, token: number) => void;

/** Stops this handler's delivery at once; resolves when the transport has let go. Idempotent. */
export type Unsubscribe = () => Promise<void>;

export interface BusStats {
  /** Messages handed to the transport. */
  readonly published: number;
  /** Publishes lost because the transport was down or the bus closed. */
  readonly publishFailures: number;
  /** The last publish failed (none has succeeded since): the transport is down now. */
  readonly failingNow: boolean;
  /** Valid messages received for at least one handler. */
  readonly received: number;
  /** Received messages dropped as malformed. */
  readonly dropped: number;
  /** Handler calls that threw or rejected. */
  readonly handlerErrors: number;
}

/** The part of a pino logger the bus uses; a pino Logger fits. */
export interface BusLogger {
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}
