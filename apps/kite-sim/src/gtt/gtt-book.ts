import type { Paise } from '@kavach/domain';
import type { GttDraft, GttLegResult, GttOrderSpec, GttRecord } from './gtt-types';

/** Kite keeps a GTT for a year unless it fires first. */
const GTT_LIFETIME_MS = 365 * 86_400_000;
const FIRST_ID = 100_001;

export type PlaceGttOrder = (
  spec: GttOrderSpec,
  gttId: number,
) => { readonly orderId: string } | { readonly rejection: string };

export interface GttBook {
  readonly create: (draft: GttDraft, now: number) => GttRecord;
  readonly modify: (id: number, draft: GttDraft, now: number) => GttRecord | null;
  readonly remove: (id: number, now: number) => GttRecord | null;
  readonly get: (id: number) => GttRecord | undefined;
  readonly list: () => readonly GttRecord[];
  /**
   * Checks active triggers on these instruments against their last prices and fires those
   * crossed: a single trigger when the price reaches its value from the side it was set on, a
   * two-leg one on its lower (first leg) or upper (second leg) value. Returns the fired ids.
   */
  readonly evaluate: (
    tokens: Iterable<number>,
    lastPriceOf: (token: number) => Paise | undefined,
    place: PlaceGttOrder,
    now: number,
  ) => readonly number[];
  readonly clear: () => void;
  /** Every trigger (deleted ones too) and the next id, as plain data (for a state file). */
  readonly snapshot: () => GttBookSnapshot;
}

export interface GttBookSnapshot {
  readonly nextId: number;
  readonly records: readonly GttRecord[];
}

/** Which leg fires at this price, or null. */
export function firingLeg(record: GttRecord, price: Paise): number | null {
  const [first, second] = record.condition.triggerValues;
  if (first === undefined) return null;
  if (record.type === 'single') {
    const rising = first >= record.condition.lastPrice;
    return (rising ? price >= first : price <= first) ? 0 : null;
  }
  if (second === undefined) return null;
  if (price <= first) return 0;
  if (price >= second) return 1;
  return null;
}

/** An empty book, or one going on from a snapshot (ids continue after the saved ones). */
export function createGttBook(restore?: GttBookSnapshot): GttBook {
  const records = new Map<number, GttRecord>(
    (restore?.records ?? []).map((record) => [record.id, record]),
  );
  let nextId = restore?.nextId ?? FIRST_ID;

  const replace = (record: GttRecord): GttRecord => {
    records.set(record.id, record);
    return record;
  };

  const expireIfDue = (record: GttRecord, now: number): GttRecord =>
    record.status === 'active' && now >= record.expiresAt
      ? replace({ ...record, status: 'expired', updatedAt: now })
      : record;

  return {
    create: (draft, now) =>
      replace({
        id: nextId++,
        ...draft,
        status: 'active',
        createdAt: now,
        updatedAt: now,
        expiresAt: now + GTT_LIFETIME_MS,
        results: draft.orders.map(() => null),
      }),
    modify: (id, draft, now) => {
      const record = records.get(id);
      if (record?.status !== 'active') return null;
      return replace({
        ...record,
        ...draft,
        updatedAt: now,
        results: draft.orders.map(() => null),
      });
    },
    remove: (id, now) => {
      const record = records.get(id);
      if (record === undefined || record.status === 'deleted') return null;
      return replace({ ...record, status: 'deleted', updatedAt: now });
    },
    get: (id) => records.get(id),
    list: () => [...records.values()].filter((r) => r.status !== 'deleted'),
    evaluate: (tokens, lastPriceOf, place, now) => {
      const changed = new Set(tokens);
      const fired: number[] = [];
      for (const stored of records.values()) {
        const record = expireIfDue(stored, now);
        if (record.status !== 'active' || !changed.has(record.condition.instrumentToken)) continue;
        const price = lastPriceOf(record.condition.instrumentToken);
        if (price === undefined) continue;
        const leg = firingLeg(record, price);
        const spec = leg === null ? undefined : record.orders[leg];
        if (leg === null || spec === undefined) continue;
        const outcome = place(spec, record.id);
        const result: GttLegResult = {
          timestamp: now,
          triggeredAt: price,
          orderId: 'orderId' in outcome ? outcome.orderId : null,
          rejectionReason: 'rejection' in outcome ? outcome.rejection : null,
        };
        replace({
          ...record,
          status: 'triggered',
          updatedAt: now,
          results: record.results.map((r, i) => (i === leg ? result : r)),
        });
        fired.push(record.id);
      }
      return fired;
    },
    clear: () => {
      records.clear();
    },
    snapshot: () => ({ nextId, records: [...records.values()] }),
  };
}
