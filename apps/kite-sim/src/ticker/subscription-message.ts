import { isTickMode } from './tick-mode';
import type { TickMode } from './tick-mode';

/** A client message on the ticker socket, as KiteTicker sends them. */
export type TickerCommand =
  | { readonly action: 'subscribe'; readonly tokens: readonly number[] }
  | { readonly action: 'unsubscribe'; readonly tokens: readonly number[] }
  | { readonly action: 'mode'; readonly mode: TickMode; readonly tokens: readonly number[] };

export type ParseResult =
  | { readonly ok: true; readonly command: TickerCommand }
  | { readonly ok: false; readonly error: string };

/** Tokens arrive as numbers or numeric strings (KiteTicker passes whatever the app gave it). */
function parseTokens(value: unknown): number[] | null {
  if (!Array.isArray(value)) return null;
  const tokens: number[] = [];
  for (const item of value as unknown[]) {
    const token = typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : item;
    if (typeof token !== 'number' || !Number.isSafeInteger(token) || token <= 0) return null;
    tokens.push(token);
  }
  return tokens;
}

export function parseTickerCommand(text: string): ParseResult {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, error: 'Invalid message: not JSON' };
  }
  if (typeof message !== 'object' || message === null) {
    return { ok: false, error: 'Invalid message' };
  }
  const { a: action, v: value } = message as { a?: unknown; v?: unknown };
  if (action === 'subscribe' || action === 'unsubscribe') {
    const tokens = parseTokens(value);
    return tokens === null
      ? { ok: false, error: `Invalid tokens for ${action}` }
      : { ok: true, command: { action, tokens } };
  }
  if (action === 'mode') {
    const [mode, rawTokens] = Array.isArray(value) ? (value as unknown[]) : [];
    const tokens = parseTokens(rawTokens);
    if (!isTickMode(mode)) return { ok: false, error: 'Invalid mode' };
    if (tokens === null) return { ok: false, error: 'Invalid tokens for mode' };
    return { ok: true, command: { action, mode, tokens } };
  }
  return { ok: false, error: 'Invalid action' };
}
