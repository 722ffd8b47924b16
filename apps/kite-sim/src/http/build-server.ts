import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { createFaultHook } from '../faults/fault-hook';
import { registerControlRoutes } from '../routes/control-routes';
import { registerGttRoutes } from '../routes/gtt-routes';
import { registerHistoricalRoutes } from '../routes/historical-routes';
import { registerInstrumentRoutes } from '../routes/instrument-routes';
import { registerLoginRoutes } from '../routes/login-routes';
import { registerMarginRoutes } from '../routes/margin-routes';
import { registerOrderRoutes } from '../routes/order-routes';
import { registerPortfolioRoutes } from '../routes/portfolio-routes';
import { registerQuoteRoutes } from '../routes/quote-routes';
import { registerLogoutRoute, registerSessionRoutes } from '../routes/session-routes';
import { registerSimulatorRoutes } from '../routes/simulator-routes';
import { registerUserRoutes } from '../routes/user-routes';
import type { KiteSimServices } from '../services';
import type { SimulatorControl } from '../simulator-control';
import { createAuthHook } from './auth-hook';
import { handleError, handleNotFound } from './error-handler';
import { createLatencyHook } from './latency-hook';
import { createRateLimiter, KITE_RATE_LIMITS } from './rate-limit';
import type { RateClass } from './rate-limit';
import { createRateLimitHook } from './rate-limit-hook';

export interface BuildServerOptions {
  readonly logger: FastifyBaseLogger;
  /** Requests per second per class; Kite's by default. */
  readonly rateLimits?: Readonly<Record<RateClass, number>>;
  /** Simulator controls under /_sim (clock, prices, scenarios …), when a simulator runs. */
  readonly simulator?: SimulatorControl;
  /** Ms every Kite answer is held before it leaves (KITE_SIM_LATENCY_MS); 0 by default. */
  readonly latencyMs?: number;
}

/**
 * The Kite Connect v3 HTTP surface. Public: login page, POST /session/token, the instrument
 * dump. Authenticated (token header, then Kite's rate limits): everything else. /_sim is the
 * loopback-only control API. Injected HTTP faults hit every route but /_sim.
 */
export function buildServer(
  services: KiteSimServices,
  options: BuildServerOptions,
): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    // Held (faulted) requests and keep-alive sockets must not delay a stop.
    forceCloseConnections: true,
    // Per-request lines would drown the log at tick rates; faults and errors are logged.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const faultHook = createFaultHook(services.faults);

  app.decorateRequest('kiteSession', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.addHook('onRequest', faultHook.onRequest);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-kite-version', '3');
  });
  const latencyMs = options.latencyMs ?? 0;
  if (latencyMs > 0) app.addHook('onSend', createLatencyHook(latencyMs));
  app.addHook('onClose', async () => {
    faultHook.releaseAll();
    services.orderUpdates.close();
    await services.ticker.close();
    await services.postbacks.flush();
  });
  app.server.on('upgrade', (request, socket, head) => {
    if (!services.ticker.handleUpgrade(request, socket, head)) socket.destroy();
  });

  void app.register(formbody);
  void app.register((scope, _options, done) => {
    registerLoginRoutes(scope, services);
    registerSessionRoutes(scope, services);
    registerInstrumentRoutes(scope, services);
    done();
  });
  void app.register((api, _options, done) => {
    api.addHook('onRequest', createAuthHook(services.sessions));
    api.addHook(
      'onRequest',
      createRateLimitHook(createRateLimiter(options.rateLimits ?? KITE_RATE_LIMITS)),
    );
    registerLogoutRoute(api, services);
    registerUserRoutes(api);
    registerQuoteRoutes(api, services);
    registerHistoricalRoutes(api, services);
    registerGttRoutes(api, services);
    if (services.trading !== null) {
      registerOrderRoutes(api, services.trading);
      registerPortfolioRoutes(api, services.trading);
      registerMarginRoutes(api, services.trading);
    }
    done();
  });
  void app.register(
    (control, _options, done) => {
      registerControlRoutes(control, services);
      if (options.simulator !== undefined) {
        registerSimulatorRoutes(control, options.simulator, () => {
          services.gtt.clear();
        });
      }
      done();
    },
    { prefix: '/_sim' },
  );
  return app;
}
