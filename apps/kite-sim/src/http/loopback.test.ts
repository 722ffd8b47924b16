import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { KiteError } from '../kite/kite-error';
import { isLoopback, requireControlAccess } from './loopback';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('accepts %s', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.5', '::ffff:192.168.1.2', '128.0.0.1', '', undefined])(
    'refuses %s',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});

describe('requireControlAccess', () => {
  const request = (remoteAddress: string, authorization?: string) =>
    ({
      socket: { remoteAddress },
      headers: authorization === undefined ? {} : { authorization },
    }) as unknown as FastifyRequest;
  const TOKEN = 'sim-control-token-0123456789';

  it('lets loopback callers in without a token', async () => {
    await expect(requireControlAccess(null)(request('127.0.0.1'))).resolves.toBeUndefined();
  });

  it('lets another machine in only with the configured token', async () => {
    const check = requireControlAccess(TOKEN);
    await expect(check(request('172.18.0.5', `Bearer ${TOKEN}`))).resolves.toBeUndefined();
    await expect(check(request('172.18.0.5'))).rejects.toBeInstanceOf(KiteError);
    await expect(check(request('172.18.0.5', `Bearer ${TOKEN}x`))).rejects.toBeInstanceOf(
      KiteError,
    );
    await expect(check(request('172.18.0.5', TOKEN))).rejects.toBeInstanceOf(KiteError);
  });

  it('never lets another machine in when no token is configured', async () => {
    await expect(
      requireControlAccess(null)(request('172.18.0.5', 'Bearer anything-at-all-here')),
    ).rejects.toBeInstanceOf(KiteError);
  });
});
