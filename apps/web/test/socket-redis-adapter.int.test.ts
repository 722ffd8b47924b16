import { createServer } from 'node:http';
import { createLogger } from '@kavach/config';
import { startRedis } from '@kavach/testkit';
import type { RedisServer } from '@kavach/testkit';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSocketRedisAdapter } from '../src/server/realtime/redis-adapter';
import type { SocketRedisAdapter } from '../src/server/realtime/redis-adapter';

/**
 * The Socket.IO Redis adapter's own connections through a Redis outage: the adapter publishes
 * without awaiting, so a failed publish must not become an unhandled rejection (which stops a
 * Node process, and fails this run), and the web processes must hear each other again after.
 */
interface ToClient {
  control: () => void;
}
interface ServerSide {
  note: (text: string) => void;
}

let redis: RedisServer;
const nodes: { io: Server<object, ToClient, ServerSide>; adapter: SocketRedisAdapter }[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i += 1) {
    const adapter = createSocketRedisAdapter(redis.url, createLogger('test', 'silent'));
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const io = new Server<object, ToClient, ServerSide>(http, { adapter: adapter.adapter });
    await adapter.ready();
    nodes.push({ io, adapter });
  }
});

afterAll(async () => {
  for (const { io, adapter } of nodes) {
    await io.close();
    await adapter.close();
  }
  await redis.stop();
});

describe('the socket adapter over Redis', () => {
  it('carries what one process says to the other, through a Redis restart', async () => {
    const [a, b] = nodes as [(typeof nodes)[number], (typeof nodes)[number]];
    const heard: string[] = [];
    b.io.on('note', (text) => heard.push(text));
    a.io.serverSideEmit('note', 'before');
    await vi.waitFor(() => {
      expect(heard).toEqual(['before']);
    });

    await redis.restart(async () => {
      // Redis is down: everything the adapter publishes now fails, and is only logged.
      a.io.serverSideEmit('note', 'during');
      a.io.emit('control');
      a.io.in('user:someone').disconnectSockets(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });

    // Reconnected and subscribed again: the processes hear each other.
    await vi.waitFor(
      () => {
        a.io.serverSideEmit('note', 'after');
        expect(heard).toContain('after');
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(heard).not.toContain('during');
  });
});
