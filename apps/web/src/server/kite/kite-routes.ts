import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@kavach/config';
import type { Auth } from '../auth/create-auth';
import { roleAllows } from '../auth/roles';
import { readSessionUser } from '../auth/session-user';
import type { EngineClient } from '../engine/engine-client';
import { actorOf } from '../trpc/engine-call';
import { kiteLoginUrl, signLoginState, verifyLoginState } from './kite-login-state';

/** Where the "Connect Kite" button sends the browser: Kite's (or kite-sim's) login page. */
export interface KiteLoginOptions {
  /** e.g. https://kite.zerodha.com/connect/login, or kite-sim's /connect/login. */
  readonly loginUrl: string;
  readonly apiKey: string;
}

export interface KiteRoutesDeps {
  readonly auth: Auth;
  readonly engine: EngineClient;
  /** Null when the server was started without it: the login answers NOT_CONFIGURED. */
  readonly kite: KiteLoginOptions | null;
  /** Signs the login state (the session secret: it never leaves the server). */
  readonly secret: string;
  readonly now: () => number;
  readonly logger: Logger;
}

export const KITE_LOGIN_PATH = '/api/kite/login';
export const KITE_CALLBACK_PATH = '/api/kite/callback';
const REQUEST_TOKEN = /^[A-Za-z0-9]{1,64}$/;

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' }).end();
}

/** Back to the Kite page with the outcome (never the request token) in the query. */
function outcome(res: ServerResponse, code: string | null, message?: string): void {
  const query =
    code === null
      ? new URLSearchParams({ kite: 'connected' })
      : new URLSearchParams({ kite: 'failed', code, message: (message ?? code).slice(0, 300) });
  redirect(res, `/kite?${query.toString()}`);
}

/**
 * GET /api/kite/login: a trader is sent to Kite's login page with a signed state.
 * GET /api/kite/callback: Kite's redirect; the request token goes to the engine's POST /session
 * in the signed-in trader's name, and the browser returns to /kite with the outcome.
 * Answers false for any other path.
 */
export function createKiteRoutes(deps: KiteRoutesDeps) {
  const { auth, engine, kite, secret, now, logger } = deps;

  async function trader(req: IncomingMessage, res: ServerResponse) {
    const user = await readSessionUser(auth, req.headers);
    if (user === null) {
      // Without a session nothing reaches the engine: sign in, then connect again.
      redirect(res, `/login?next=${encodeURIComponent('/kite')}`);
      return null;
    }
    if (!roleAllows(user.role, 'trader')) {
      outcome(res, 'ROLE', `connecting Kite needs the trader role; you are ${user.role}`);
      return null;
    }
    return user;
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const user = await trader(req, res);
    if (user === null) return;
    if (kite === null) {
      outcome(res, 'NOT_CONFIGURED', 'the Kite login URL and api key are not configured');
      return;
    }
    redirect(res, kiteLoginUrl(kite.loginUrl, kite.apiKey, signLoginState(secret, user.id, now())));
  }

  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const user = await trader(req, res);
    if (user === null) return;
    const params = url.searchParams;
    if (params.get('status') !== 'success') {
      outcome(
        res,
        'KITE_LOGIN_FAILED',
        `Kite did not log in (status ${params.get('status') ?? 'none'})`,
      );
      return;
    }
    const requestToken = params.get('request_token') ?? '';
    if (!REQUEST_TOKEN.test(requestToken)) {
      outcome(res, 'BAD_REQUEST_TOKEN', 'the redirect carried no valid request token');
      return;
    }
    const state = verifyLoginState(secret, user.id, params.get('state'), now());
    if (state !== 'OK') {
      logger.warn({ user: user.email, state }, 'Kite callback refused: login state');
      outcome(
        res,
        `LOGIN_STATE_${state}`,
        state === 'EXPIRED'
          ? 'the login took too long: connect again'
          : 'this login was not started from this dashboard by you: use Connect Kite',
      );
      return;
    }
    const answer = await engine.send(
      'POST',
      '/session',
      { request_token: requestToken },
      actorOf(user),
    );
    if (answer.ok) {
      logger.info({ user: user.email }, 'Kite session renewed from the dashboard');
      outcome(res, null);
    } else {
      outcome(res, answer.code, answer.message);
    }
  }

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== KITE_LOGIN_PATH && url.pathname !== KITE_CALLBACK_PATH) return false;
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('method not allowed');
      return true;
    }
    if (url.pathname === KITE_LOGIN_PATH) await login(req, res);
    else await callback(req, res, url);
    return true;
  };
}
