import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

/** A logger at trace level whose lines are kept, as written. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger('test', 'trace', destination), lines };
}

/** Every secret a distinct value, so a leak names the key it came from. */
const SECRET_KEYS = [
  'access_token',
  'accessToken',
  'api_secret',
  'apiSecret',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'token',
  'request_token',
  'requestToken',
  'enctoken',
  'checksum',
] as const;

function secretsAt(depth: string): Record<string, string> {
  return Object.fromEntries(SECRET_KEYS.map((key) => [key, `s3cr3t-${depth}-${key}`]));
}

describe('createLogger', () => {
  it('prints no secret-named value at depth 1 to 4 nor inside arrays, and keeps the rest', () => {
    const { logger, lines } = capture();
    const line = {
      ...secretsAt('d1'),
      orderId: 'kE123',
      session: {
        ...secretsAt('d2'),
        kite: {
          ...secretsAt('d3'),
          userId: 'AB1234',
          request: { headers: { ...secretsAt('d4'), accept: 'application/json' } },
        },
      },
      sessions: [{ ...secretsAt('a2'), id: 1 }, { nested: [{ ...secretsAt('a4') }] }],
    };
    const before = JSON.stringify(line);
    logger.info(line, 'a session');
    expect(lines).toHaveLength(1);
    const printed = lines[0] ?? '';
    expect(printed.match(/s3cr3t-[^"]*/g) ?? []).toEqual([]);
    const parsed = JSON.parse(printed) as typeof line;
    expect(parsed.session.kite).toMatchObject({
      access_token: '[redacted]',
      userId: 'AB1234',
      request: { headers: { Authorization: '[redacted]', accept: 'application/json' } },
    });
    expect(parsed.sessions[0]).toMatchObject({ password: '[redacted]', id: 1 });
    expect(parsed).toMatchObject({ orderId: 'kE123', msg: 'a session' });
    // The caller's object is not touched.
    expect(JSON.stringify(line)).toBe(before);
  });

  it('redacts what an error carries, and keeps its type, message and stack', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('connect ECONNRESET'), {
      config: { headers: { Authorization: 'token key:s3cr3t-err' }, url: '/orders' },
    });
    logger.error({ err: error, context: { attempt: 2 } }, 'request failed');
    const printed = lines[0] ?? '';
    expect(printed).not.toContain('s3cr3t');
    expect(JSON.parse(printed)).toMatchObject({
      err: {
        type: 'Error',
        message: 'connect ECONNRESET',
        stack: expect.stringContaining('connect ECONNRESET') as unknown,
        config: { headers: { Authorization: '[redacted]' }, url: '/orders' },
      },
      context: { attempt: 2 },
    });
    expect(error.config.headers.Authorization).toBe('token key:s3cr3t-err');
  });

  it('keeps a numeric instrument token, prints a circular reference as pino does', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { password: 's3cr3t-cycle' };
    cyclic.self = cyclic;
    logger.warn({ risk: { token: 408065, kind: 'STOP_LOST' }, cyclic }, 'risk event');
    const printed = lines[0] ?? '';
    expect(printed).not.toContain('s3cr3t');
    expect(JSON.parse(printed)).toMatchObject({
      risk: { token: 408065, kind: 'STOP_LOST' },
      cyclic: { password: '[redacted]', self: '[Circular]' },
    });
  });
});
