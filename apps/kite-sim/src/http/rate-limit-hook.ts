import type { FastifyRequest } from 'fastify';
import { tooManyRequests } from '../kite/kite-error';
import { sessionOf } from './auth-hook';
import { pathOf } from './path-of';
import { classifyRequest } from './rate-limit';
import type { RateLimiter } from './rate-limit';

/** Runs after authentication: Kite's limits are per account (the api_key). */
export function createRateLimitHook(limiter: RateLimiter) {
  return async (request: FastifyRequest): Promise<void> => {
    const allowed = await limiter.consume(
      sessionOf(request).apiKey,
      classifyRequest(request.method, pathOf(request)),
    );
    if (!allowed) throw tooManyRequests();
  };
}
