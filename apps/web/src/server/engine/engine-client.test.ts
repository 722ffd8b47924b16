import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineClient } from './engine-client';

/** A stand-in engine: answers every request with `answer`, counting what it was sent. */
function fakeEngine(answer: (url: string) => { status: number; body: unknown }) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const { status, body } = answer(url());
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, seen, url };
}

const listen = (server: Server) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

const active = fakeEngine(() => ({ status: 200, body: { state: 'ACTIVE' } }));
const standby = fakeEngine(() => ({
  status: 503,
  body: {
    error: { code: 'ENGINE_STANDBY', message: 'this engine is a hot standby' },
    activeEngine: { url: active.url(), epoch: 2 },
  },
}));

beforeAll(async () => {
  await Promise.all([listen(active.server), listen(standby.server)]);
});
afterAll(() => {
  active.server.close();
  standby.server.close();
});

describe('the engine client with a standby beside the trading engine', () => {
  it('follows a standby to the engine it names, once, and goes there directly after', async () => {
    const client = createEngineClient({ url: standby.url(), token: 'a'.repeat(32) });
    standby.seen.length = 0;
    active.seen.length = 0;
    const answer = await client.send('POST', '/pause', { reason: 'x' }, 'ops@example.in');
    expect(answer).toMatchObject({ ok: true, status: 200, body: { state: 'ACTIVE' } });
    expect(standby.seen).toEqual(['POST /pause']);
    await client.get('/status/all');
    expect(standby.seen).toHaveLength(1);
    expect(active.seen).toEqual(['POST /pause', 'GET /status/all']);
  });

  it('asks where the trading engine is before falling back to ENGINE_URL', async () => {
    let asked = 0;
    const client = createEngineClient({
      url: standby.url(),
      token: 'a'.repeat(32),
      locate: () => {
        asked += 1;
        return Promise.resolve(active.url());
      },
    });
    standby.seen.length = 0;
    expect((await client.get('/risk')).ok).toBe(true);
    expect((await client.get('/risk')).ok).toBe(true);
    expect(standby.seen).toEqual([]);
    // Cached for a moment: the lease row is not read on every call.
    expect(asked).toBe(1);
  });

  it('reports a standby that names no engine as the error it is', async () => {
    const lonely = fakeEngine(() => ({
      status: 503,
      body: { error: { code: 'ENGINE_STANDBY', message: 'waiting' }, activeEngine: null },
    }));
    await listen(lonely.server);
    try {
      const client = createEngineClient({ url: lonely.url(), token: 'a'.repeat(32) });
      expect(await client.get('/risk')).toMatchObject({
        ok: false,
        status: 503,
        code: 'ENGINE_STANDBY',
      });
      expect(lonely.seen).toHaveLength(1);
    } finally {
      lonely.server.close();
    }
  });
});

describe('the engine client when the engine it knew has died', () => {
  it('asks again where the trading engine is, and sends there', async () => {
    const dead = 'http://127.0.0.1:1';
    let holder = dead;
    const client = createEngineClient({
      url: dead,
      token: 'a'.repeat(32),
      locate: () => Promise.resolve(holder),
    });
    expect((await client.get('/risk')).ok).toBe(false);
    // The standby took over and recorded itself as the holder.
    holder = active.url();
    active.seen.length = 0;
    const answer = await client.send('POST', '/pause', { reason: 'x' }, 'ops@example.in');
    expect(answer.ok).toBe(true);
    expect(active.seen).toEqual(['POST /pause']);
  });
});
