export const TICK_MODES = ['ltp', 'quote', 'full'] as const;
export type TickMode = (typeof TICK_MODES)[number];

export function isTickMode(value: unknown): value is TickMode {
  return typeof value === 'string' && (TICK_MODES as readonly string[]).includes(value);
}
