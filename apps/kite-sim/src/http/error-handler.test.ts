import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KITE_ERROR_STATUS } from '../kite/error-types';
import type { KiteErrorType } from '../kite/error-types';
import { KiteError, tooManyRequests } from '../kite/kite-error';
import { handleError, handleNotFound } from './error-handler';
import { parseInput } from './parse-input';

function buildApp(error: () => Error) {
  const app = Fastify({ logger: false });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  app.get('/fail', () => {
    throw error();
  });
  app.post('/input', (request) =>
    parseInput(z.object({ quantity: z.coerce.number().int().positive() }), request.body),
  );
  return app;
}

describe('Kite error envelope', () => {
  it.each(Object.entries(KITE_ERROR_STATUS) as [KiteErrorType, number][])(
    '%s answers HTTP %i in the envelope',
    async (errorType, status) => {
      const response = await buildApp(() => new KiteError(errorType, 'went wrong')).inject('/fail');
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toContain('application/json');
      expect(response.json()).toEqual({
        status: 'error',
        message: 'went wrong',
        error_type: errorType,
      });
    },
  );

  it('answers rate limiting as 429 NetworkException "Too many requests"', async () => {
    const response = await buildApp(tooManyRequests).inject('/fail');
    expect(response.statusCode).toBe(429);
    expect(response.json()).toEqual({
      status: 'error',
      message: 'Too many requests',
      error_type: 'NetworkException',
    });
  });

  it('hides unexpected errors behind a 500 GeneralException', async () => {
    const response = await buildApp(() => new Error('secret detail')).inject('/fail');
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      status: 'error',
      message: 'Internal server error',
      error_type: 'GeneralException',
    });
  });

  it('turns unknown routes into 404 GeneralException and bad bodies into InputException', async () => {
    const app = buildApp(() => new Error('unused'));
    const missing = await app.inject('/nowhere');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      error_type: 'GeneralException',
      message: 'Route not found',
    });
    const malformed = await app.inject({
      method: 'POST',
      url: '/input',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error_type: 'InputException' });
  });

  it('names the offending field the way Kite does', async () => {
    const app = buildApp(() => new Error('unused'));
    const missing = await app.inject({ method: 'POST', url: '/input', payload: {} });
    expect(missing.json()).toEqual({
      status: 'error',
      message: 'Missing `quantity`',
      error_type: 'InputException',
    });
    const invalid = await app.inject({ method: 'POST', url: '/input', payload: { quantity: -3 } });
    expect(invalid.json()).toMatchObject({ message: 'Invalid `quantity`.' });
  });
});
