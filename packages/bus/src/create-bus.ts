import type { Bus, BusLogger } from './bus';
import { createLocalBus } from './local-bus';
import { createRedisBus } from './redis-bus';

/** Redis when a URL is given (REDIS_URL), else the in-process bus of the all-in-one mode. */
export function createBus(options: {
  readonly redisUrl?: string;
  readonly logger?: BusLogger;
}): Bus {
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  return options.redisUrl === undefined
    ? createLocalBus(logger)
    : createRedisBus({ url: options.redisUrl, ...logger });
}
