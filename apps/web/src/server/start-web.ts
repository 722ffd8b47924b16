import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Bus } from '@kavach/bus';
import type { Logger } from '@kavach/config';
import type { Db } from '@kavach/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { toNodeHandler } from 'better-auth/node';
import next from 'next';
import { providePageData } from '../lib/page-data';
import type { PageDataSource } from '../lib/page-data';
import { CLIENT_IP_HEADER, createAuth } from './auth/create-auth';
import { readSessionUser } from './auth/session-user';
import { ensureConfiguredAdmin, needsSetup } from './auth/users';
import { createEngineClient } from './engine/engine-client';
import type { EngineClientOptions } from './engine/engine-client';
import { classifyPath, redirectFor } from './http/page-access';
import { handPageNonce, rendersPage } from './http/page-nonce';
import { isSameOriginRequest } from './http/same-origin';
import { securityHeaders, setSecurityHeaders } from './http/security-headers';
import { ensureWebBuild } from './http/web-build';
import { createKiteRoutes } from './kite/kite-routes';
import type { KiteLoginOptions } from './kite/kite-routes';
import { attachSocketRelay } from './realtime/socket-relay';
import type { WebServices } from './trpc/context';
import { appRouter } from './trpc/router';

export { readWebSettings, type WebSettings } from './web-settings';

export interface StartWebOptions {
  readonly db: Db;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly engine: EngineClientOptions;
  readonly host: string;
  readonly port: number;
  /** The origin browsers use, e.g. http://127.0.0.1:3000 (https behind a TLS proxy). */
  readonly publicUrl: string;
  /** Signs session cookies; at least 32 characters. */
  readonly authSecret: string;
  /** The first admin, created once when set (ADMIN_EMAIL / ADMIN_PASSWORD). */
  readonly admin: { readonly email: string; readonly password: string } | null;
  /** Next.js dev mode (compiles on request); production serves the build, built if needed. */
  readonly dev?: boolean;
  readonly loginAttemptsPerMinute?: number;
  /** Kite's login page and the app's api key, for "Connect Kite" (KITE_LOGIN_URL, KITE_API_KEY). */
  readonly kite?: KiteLoginOptions;
  /**
   * Redis (REDIS_URL) for Socket.IO's adapter, so that several dashboard processes behind one
   * address serve every browser alike: a control notice or a user's ended sockets reach every
   * process's sockets. Unset or null: this process's sockets only.
   */
  readonly redisUrl?: string | null;
  /**
   * A header the reverse proxy in front sets to the browser's address (e.g. x-real-ip). Behind
   * a proxy every connection comes from the proxy: without it the login rate limit would count
   * every user as one.
   */
  readonly clientIpHeader?: string | null;
}

export interface RunningWeb {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

const WEB_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The dashboard's one HTTP server: better-auth under /api/auth, tRPC under /api/trpc,
 * Socket.IO under /socket.io, Next.js for the pages (signed-in pages only with a session).
 */
export async function startWeb(options: StartWebOptions): Promise<RunningWeb> {
  const { logger } = options;
  const prisma = options.db.prisma;
  const dev = options.dev ?? false;
  const origin = new URL(options.publicUrl).origin;
  const headerOptions = { origin, dev };
  const headers = securityHeaders(headerOptions);

  const auth = createAuth({
    prisma,
    secret: options.authSecret,
    baseURL: origin,
    loginAttemptsPerMinute: options.loginAttemptsPerMinute ?? 10,
  });
  const admin = await ensureConfiguredAdmin(auth, prisma, options.admin);
  if (admin === 'CREATED') logger.info({ email: options.admin?.email }, 'first admin created');

  if (!dev) await ensureWebBuild(WEB_DIR, logger);
  const nextApp = next({ dev, dir: WEB_DIR, hostname: options.host, port: options.port });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();

  // Requests are routed once the server listens; the relay needs the server first and the
  // procedures need the relay.
  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, 'web request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  const relay = await attachSocketRelay({
    httpServer: server,
    bus: options.bus,
    auth,
    logger,
    origin,
    redisUrl: options.redisUrl ?? null,
  });

  const services: WebServices = {
    prisma,
    auth,
    engine: createEngineClient(options.engine),
    live: relay,
    now: () => Date.now(),
  };
  // The pages' server render reads through the same procedures as the browser, as the same
  // user: what the first HTML shows is what the query would have returned.
  const pageData: PageDataSource = {
    overview: async (headers) => {
      const user = await readSessionUser(auth, Object.fromEntries(headers.entries()));
      if (user === null) return null;
      return appRouter.createCaller({ ...services, user }).overview.get();
    },
  };
  providePageData(pageData);
  const handleTrpc = createHTTPHandler({
    router: appRouter,
    basePath: '/api/trpc/',
    createContext: async ({ req }) => ({
      ...services,
      user: await readSessionUser(auth, req.headers),
    }),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: error, path }, 'tRPC procedure failed');
      }
    },
  });
  const handleAuth = toNodeHandler(auth);
  const handleKite = createKiteRoutes({
    auth,
    engine: services.engine,
    kite: options.kite ?? null,
    secret: options.authSecret,
    now: services.now,
    logger,
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The only client address better-auth's login rate limit trusts.
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, options.clientIpHeader ?? null);
    setSecurityHeaders(res, headers);
    const url = new URL(req.url ?? '/', origin);
    const { pathname } = url;
    if (pathname === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    // Kite's login redirect: a GET that checks the session and the login's signed state itself.
    if (pathname.startsWith('/api/kite/') && (await handleKite(req, res, url))) return;
    if (pathname.startsWith('/api/auth/') || pathname.startsWith('/api/trpc/')) {
      if (!isSameOriginRequest(req, origin)) {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'CSRF', message: 'cross-site request refused' } }));
        return;
      }
      if (pathname.startsWith('/api/auth/')) await handleAuth(req, res);
      else handleTrpc(req, res);
      return;
    }
    if (classifyPath(pathname) === 'SIGNED_IN') {
      const user = await readSessionUser(auth, req.headers);
      if (user === null) {
        const to = redirectFor(pathname, url.search, await needsSetup(prisma));
        res.writeHead(303, { location: to }).end();
        return;
      }
    } else if (pathname === '/login' && (await needsSetup(prisma))) {
      res.writeHead(303, { location: '/setup' }).end();
      return;
    }
    if (rendersPage(pathname)) handPageNonce(req, res, headerOptions);
    await handleNext(req, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${options.host}:${options.port}`;
  logger.info({ url, publicUrl: origin }, 'dashboard ready');

  return {
    url,
    stop: async () => {
      providePageData(null, pageData);
      await relay.close();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      });
      await nextApp.close();
    },
  };
}

/** The browser's address: the proxy's header when one is configured and sent, else the peer. */
function clientAddress(req: IncomingMessage, header: string | null): string {
  const forwarded = header === null ? undefined : req.headers[header];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first !== undefined && first !== '' ? first : (req.socket.remoteAddress ?? 'unknown');
}
