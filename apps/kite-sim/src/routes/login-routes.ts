import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseInput } from '../http/parse-input';
import type { KiteSimServices } from '../services';
import { SIM_USER } from '../session/sim-user';
import { renderLoginPage } from './login-page';

const loginQuery = z.object({
  api_key: z.string().min(1),
  v: z.string().optional(),
  redirect_params: z.string().optional(),
  redirect_url: z.url({ protocol: /^https?$/ }).optional(),
});

const loginForm = loginQuery.extend({
  user_id: z.string().optional(),
  password: z.string().optional(),
});

/**
 * Kite's redirect: the app's URL with action, type, status and the request token, plus whatever
 * the app passed in `redirect_params` (Kite's way to carry state through the login).
 */
export function buildLoginRedirect(
  base: string,
  requestToken: string,
  redirectParams: string | undefined,
): string {
  const url = new URL(base);
  url.searchParams.set('action', 'login');
  url.searchParams.set('type', 'login');
  url.searchParams.set('status', 'success');
  url.searchParams.set('request_token', requestToken);
  if (redirectParams !== undefined) {
    for (const [key, value] of new URLSearchParams(redirectParams))
      url.searchParams.append(key, value);
  }
  return url.toString();
}

/** GET/POST /connect/login: the login page Kite's getLoginURL() points at. */
export function registerLoginRoutes(app: FastifyInstance, services: KiteSimServices): void {
  const { sessions, settings } = services;

  app.get('/connect/login', (request, reply) => {
    const query = parseInput(loginQuery, request.query);
    if (!sessions.isKnownApiKey(query.api_key)) {
      return reply
        .code(400)
        .type('text/html')
        .send('<!doctype html><title>Invalid api_key</title><p>Invalid `api_key`.</p>');
    }
    return reply.type('text/html').send(
      renderLoginPage({
        apiKey: query.api_key,
        userId: SIM_USER.userId,
        redirectParams: query.redirect_params ?? null,
        redirectUrl: query.redirect_url ?? null,
      }),
    );
  });

  app.post('/connect/login', (request, reply) => {
    const form = parseInput(loginForm, request.body);
    const requestToken = sessions.issueRequestToken(form.api_key);
    const target = buildLoginRedirect(
      form.redirect_url ?? settings.redirectUrl,
      requestToken,
      form.redirect_params,
    );
    return reply.redirect(target, 302);
  });
}
