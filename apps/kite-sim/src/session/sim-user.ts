import { toKiteTimestamp } from '../kite/wire-format';
import type { Session } from './session-store';

/** The one account kite-sim trades for. Fields follow Kite's profile and session payloads. */
export const SIM_USER = {
  userId: 'KS0001',
  userName: 'Kavach Sim',
  userShortname: 'Kavach',
  email: 'sim@kavach.invalid',
  /** Postbacks carry the app id as a number. */
  appId: 1001,
} as const;

const EXCHANGES = ['NSE', 'NFO', 'BSE', 'BFO', 'CDS', 'BCD', 'MCX', 'MF'];
const PRODUCTS = ['CNC', 'NRML', 'MIS', 'BO', 'CO'];
const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'];

/** GET /user/profile. */
export function toKiteProfile() {
  return {
    user_id: SIM_USER.userId,
    user_type: 'individual',
    email: SIM_USER.email,
    user_name: SIM_USER.userName,
    user_shortname: SIM_USER.userShortname,
    broker: 'ZERODHA',
    exchanges: EXCHANGES,
    products: PRODUCTS,
    order_types: ORDER_TYPES,
    avatar_url: null,
    meta: { demat_consent: 'physical' },
  };
}

/** POST /session/token: the profile plus the session's tokens. */
export function toKiteSession(session: Session) {
  const { meta, ...profile } = toKiteProfile();
  return {
    ...profile,
    api_key: session.apiKey,
    access_token: session.accessToken,
    public_token: session.publicToken,
    enctoken: '',
    refresh_token: '',
    silo: '',
    login_time: toKiteTimestamp(session.loginTime),
    meta,
  };
}
