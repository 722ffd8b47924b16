import { createHash } from 'node:crypto';
import type { TradingViewAlert } from './tradingview-alert';

const DERIVED_PREFIX = 'sha256:';

/**
 * The alert's meaning as one string: keys sorted, amounts in paise, the secret and any given
 * key left out. `"price": "2500.5"` and `"price": 2500.50` read the same.
 */
export function canonicalizeAlert(alert: TradingViewAlert): string {
  const { idempotencyKey: _key, ...meaning } = alert;
  return JSON.stringify(meaning, (_name, value: unknown) =>
    isPlainObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((key) => [key, value[key]]),
        )
      : value,
  );
}

/**
 * The key of an alert sent without `idempotency_key`: `sha256:` and the hex SHA-256 of the
 * canonical alert. The strategy id is not in it because keys are stored per strategy. An
 * identical alert is therefore the same alert for ever; alerts that may legitimately repeat
 * (the same bar levels on another day) need an explicit key such as `{{timenow}}`.
 */
export function deriveIdempotencyKey(alert: TradingViewAlert): string {
  return DERIVED_PREFIX + createHash('sha256').update(canonicalizeAlert(alert)).digest('hex');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
