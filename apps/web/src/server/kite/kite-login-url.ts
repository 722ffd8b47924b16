const ZERODHA_LOGIN_URL = 'https://kite.zerodha.com/connect/login';

/**
 * Kite's login page: KITE_LOGIN_URL, else the simulator's own (kite-sim, at KITE_ROOT), else
 * Zerodha's (whose API root does not serve the login page).
 */
export function resolveKiteLoginUrl(
  configured: string | undefined,
  root: string | undefined,
): string {
  if (configured !== undefined) return configured;
  if (root === undefined || new URL(root).hostname === 'api.kite.trade') return ZERODHA_LOGIN_URL;
  return `${root.replace(/\/+$/, '')}/connect/login`;
}
