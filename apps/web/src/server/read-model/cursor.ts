import { z } from 'zod';

/** Where a page ended: the last row's time and id (ids break ties between equal times). */
export interface PageCursor {
  readonly at: Date;
  readonly id: string;
}

const CURSOR = /^(\d{1,15})_([0-9a-f-]{36})$/;

/** A cursor as the browser holds it: opaque, but checked before it reaches a query. */
export const cursorInput = z.string().regex(CURSOR, 'not a page cursor').nullish();

/** tRPC's infinite queries add the paging direction to the input; these pages go one way. */
export const directionInput = z.enum(['forward', 'backward']).optional();

export function encodeCursor(at: Date, id: string): string {
  return `${at.getTime()}_${id}`;
}

export function decodeCursor(text: string | null | undefined): PageCursor | null {
  const match = text === null || text === undefined ? null : CURSOR.exec(text);
  if (match === null) return null;
  const [, ms, id] = match;
  return ms === undefined || id === undefined ? null : { at: new Date(Number(ms)), id };
}

/** Rows before the cursor in (time desc, id desc) order: Prisma's where for the next page. */
export function olderThan(
  cursor: PageCursor | null,
  field: 'createdAt' | 'closedAt' = 'createdAt',
) {
  if (cursor === null) return {};
  return {
    OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }],
  };
}

/**
 * A page from rows fetched with `take: limit + 1`: the extra row only says there is more, and
 * the cursor is the last shown row's.
 */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => { readonly at: Date; readonly id: string },
): { readonly page: T[]; readonly nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  if (rows.length <= limit || last === undefined) return { page, nextCursor: null };
  const key = keyOf(last);
  return { page, nextCursor: encodeCursor(key.at, key.id) };
}
