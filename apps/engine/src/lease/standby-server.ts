import type { Logger } from '@kavach/config';
import type { LeaseHolder } from '@kavach/db';
import Fastify from 'fastify';
import { Gauge, Registry } from 'prom-client';

export interface StandbyServerOptions {
  readonly host: string;
  readonly port: number;
  /** The Kite account whose lease this engine waits for. */
  readonly account: string;
  /** The engine trading the account now, as last seen. */
  readonly holder: () => LeaseHolder | null;
  readonly logger: Logger;
}

export interface StandbyServer {
  readonly close: () => Promise<void>;
}

/**
 * What a hot standby answers on the engine's port until it takes over: healthy (it is doing
 * its job), lease_held 0 for Prometheus, and 503 ENGINE_STANDBY naming the active engine for
 * anything else, so a caller pointed here learns where to go instead of acting on a
 * non-trading engine.
 */
export async function serveStandby(options: StandbyServerOptions): Promise<StandbyServer> {
  const registry = new Registry();
  new Gauge({
    name: 'kavach_engine_lease_held',
    help: '1 while this engine holds its Kite account lease and trades; a standby serves 0.',
    registers: [registry],
  }).set(0);
  const app = Fastify({ loggerInstance: options.logger, disableRequestLogging: true });
  const describe = () => {
    const holder = options.holder();
    return {
      account: options.account,
      activeEngine:
        holder === null ? null : { holder: holder.holder, url: holder.url, epoch: holder.epoch },
    };
  };
  app.get('/healthz', () => ({ status: 'standby', role: 'standby', ...describe() }));
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  app.setNotFoundHandler((_request, reply) => {
    const { activeEngine } = describe();
    return reply.code(503).send({
      error: {
        code: 'ENGINE_STANDBY',
        message:
          activeEngine === null
            ? 'this engine is a hot standby waiting for the trading lease'
            : `this engine is a hot standby; the engine trading the account is at ${activeEngine.url ?? activeEngine.holder}`,
      },
      activeEngine,
    });
  });
  await app.listen({ host: options.host, port: options.port });
  return { close: () => app.close() };
}
