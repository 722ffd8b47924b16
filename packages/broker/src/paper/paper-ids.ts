/**
 * The paper broker's order and trade ids, namespaced: the simulator numbers its orders like
 * Kite ("251121000000001") and starts again in every process, so a bare id could name a real
 * Kite order or an earlier run's paper order. Outward ids carry a prefix of this run; an id
 * without it is not one of ours.
 */
export interface PaperIds {
  readonly outward: (simulatorId: string) => string;
  /** The simulator's id, or null for an id this paper broker never gave out. */
  readonly inward: (brokerOrderId: string) => string | null;
}

export function createPaperIds(prefix: string): PaperIds {
  if (!/^P[A-Za-z0-9]{1,15}-$/.test(prefix)) {
    throw new RangeError(`paper id prefix must look like "P<letters or digits>-", got "${prefix}"`);
  }
  return {
    outward: (simulatorId) => `${prefix}${simulatorId}`,
    inward: (brokerOrderId) =>
      brokerOrderId.startsWith(prefix) ? brokerOrderId.slice(prefix.length) : null,
  };
}

/** A prefix unique to this run: the start time in base 36 ("Pmkf3x2a1-"). */
export function paperIdPrefix(startedAt: number): string {
  return `P${Math.floor(startedAt).toString(36)}-`;
}
