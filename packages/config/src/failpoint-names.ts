/**
 * The engine's named crash points (ENGINE_FAILPOINT), for the reliability suite: the engine
 * kills itself (SIGKILL) when it reaches the one named. Listed here, beside the env schema
 * that validates the name, so a misspelt failpoint stops the engine at start-up instead of
 * never firing.
 */
export const FAILPOINT_NAMES = [
  /** The entry's write-ahead row is committed; the order has not been sent. */
  'oco.entry.after-write-ahead',
  /** The broker accepted the entry (placeOrder answered); the answer is not yet applied. */
  'oco.entry.after-broker-accept',
  /** The entry fill is applied and stored; its stop is neither written nor sent. */
  'oco.entry-fill.before-protection',
  /** A target fill is applied and stored; the stop's reduction is not yet sent. */
  'oco.target-fill.before-stop-reduction',
  /** Kill switch: the positions are out, some cancels are still unanswered. */
  'flatten.midway',
  /** EOD square-off: the positions are out, some cancels are still unanswered. */
  'eod.midway',
] as const;

export type FailpointName = (typeof FAILPOINT_NAMES)[number];
