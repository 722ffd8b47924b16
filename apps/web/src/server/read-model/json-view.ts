export type ShownValue = string | number | boolean | null;

/**
 * A JSON column (a signal's features, an audit payload) as name → value for display: nested
 * objects and arrays are shown as their JSON text rather than dropped.
 */
export function toShownRecord(json: unknown): Record<string, ShownValue> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {};
  const shown: Record<string, ShownValue> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    shown[key] =
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
        ? value
        : JSON.stringify(value);
  }
  return shown;
}

/** Feature scores: numbers only (anything else in the column is skipped). */
export function toScores(json: unknown): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const [key, value] of Object.entries(toShownRecord(json))) {
    if (typeof value === 'number' && Number.isFinite(value)) scores[key] = value;
  }
  return scores;
}
