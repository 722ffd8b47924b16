import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VirtualClock } from '@kavach/domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Tick } from '../broker';
import { encodeFrame, encodePacket, infyFields } from '../../test/ticker-frames';
import type { BrokerLogger } from './broker-logger';
import { decodeTicks } from './decode-ticks';
import { createKiteWsTickerSocketFactory } from './kite-ws-ticker-socket';
import type { KiteWsTickerSocketOptions } from './kite-ws-ticker-socket';
import type { TickerSocket, TickerSocketHandlers } from './ticker-socket';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const GOOD_TOKEN = 'good-token';
const clock = new VirtualClock(1_795_405_500_000);

/** A Kite-like ticker on 127.0.0.1: refuses other tokens with 403, can hold handshakes. */
async function startServer(options: { holdHandshakes?: boolean } = {}) {
  const requests: IncomingMessage[] = [];
  const held: ((accept: boolean) => void)[] = [];
  const connections: WebSocket[] = [];
  const received: string[] = [];
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => {
      requests.push(info.req);
      const url = new URL(info.req.url ?? '/', 'http://127.0.0.1');
      if (url.searchParams.get('access_token') !== GOOD_TOKEN) {
        done(false, 403, 'Forbidden');
        return;
      }
      if (options.holdHandshakes === true) {
        held.push((accept) => {
          done(accept);
        });
      } else {
        done(true);
      }
    },
  });
  wss.on('connection', (connection) => {
    connections.push(connection);
    connection.on('message', (data, isBinary) => {
      if (!isBinary) received.push(Buffer.from(data as Buffer).toString('utf8'));
    });
  });
  await once(wss, 'listening');
  const { port } = wss.address() as AddressInfo;
  const server = {
    root: `ws://127.0.0.1:${port}/`,
    requests,
    held,
    connections,
    received,
    /** The one connection the test is about. */
    peer: (): WebSocket => {
      const peer = connections.at(-1);
      if (peer === undefined) throw new Error('no connection yet');
      return peer;
    },
    close: async () => {
      for (const connection of connections) connection.terminate();
      await new Promise<void>((resolve) => {
        wss.close(() => {
          resolve();
        });
      });
    },
  };
  servers.push(server);
  return server;
}

const servers: { close: () => Promise<void> }[] = [];
const sockets: TickerSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.dispose();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A socket whose every callback lands in `events`, in order. */
function createRecordedSocket(root: string, overrides: Partial<KiteWsTickerSocketOptions> = {}) {
  const events: string[] = [];
  const ticks: Tick[] = [];
  const updates: unknown[] = [];
  const handlers: TickerSocketHandlers = {
    onOpen: () => events.push('open'),
    onFrame: () => events.push('frame'),
    onTicks: (batch, unreadable) => {
      events.push(`ticks ${batch.length} unreadable ${unreadable}`);
      ticks.push(...batch);
    },
    onOrderUpdate: (payload) => {
      events.push('order');
      updates.push(payload);
    },
    onError: (message) => events.push(`error ${message}`),
    onSilent: (message) => events.push(`silent ${message}`),
    onClose: () => events.push('close'),
  };
  const socket = createKiteWsTickerSocketFactory({
    apiKey: 'kite_key',
    root,
    clock,
    logger: silent,
    ...overrides,
  })(handlers);
  sockets.push(socket);
  const count = (event: string) => events.filter((e) => e === event).length;
  const waitFor = (event: string) =>
    vi.waitFor(
      () => {
        expect(events).toContain(event);
      },
      { timeout: 5_000, interval: 5 },
    );
  return { socket, events, ticks, updates, count, waitFor };
}

/** Long enough for a second close, or a late callback, to have shown up. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the Kite ticker socket on ws', () => {
  it('connects with the api key and access token, as KiteTicker does, and opens', async () => {
    const server = await startServer();
    const { socket, events, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    const request = server.requests[0];
    const url = new URL(request?.url ?? '', 'http://127.0.0.1');
    expect(url.pathname).toBe('/');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      api_key: 'kite_key',
      access_token: GOOD_TOKEN,
    });
    expect(request?.headers['x-kite-version']).toBe('3');
    expect(events).toEqual(['open']);
  });

  it('sends subscribe with its mode, and unsubscribe, as Kite text commands', async () => {
    const server = await startServer();
    const { socket, waitFor } = createRecordedSocket(server.root);
    socket.subscribe([1], 'full');
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    socket.subscribe([408065, 256265], 'full');
    socket.subscribe([], 'ltp');
    socket.subscribe([738561], 'ltp');
    socket.unsubscribe([256265]);
    socket.unsubscribe([]);
    await vi.waitFor(() => {
      expect(server.received).toHaveLength(5);
    });
    expect(server.received).toEqual([
      '{"a":"subscribe","v":[408065,256265]}',
      '{"a":"mode","v":["full",[408065,256265]]}',
      '{"a":"subscribe","v":[738561]}',
      '{"a":"mode","v":["ltp",[738561]]}',
      '{"a":"unsubscribe","v":[256265]}',
    ]);
  });

  it('takes a heartbeat as a frame only, and a ticks frame as frame plus decoded ticks', async () => {
    const server = await startServer();
    const { socket, events, ticks, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    const frame = encodeFrame([
      encodePacket({ layout: 'full', fields: infyFields() }),
      encodePacket({ layout: 'quote', fields: infyFields({ token: 738561, lastPrice: 294070 }) }),
      encodePacket({ layout: 'ltp', fields: infyFields({ token: 256265, lastPrice: 2_340_685 }) }),
    ]);
    server.peer().send(Buffer.from([0]), { binary: true });
    server.peer().send(frame, { binary: true });
    await waitFor('ticks 3 unreadable 0');
    expect(events).toEqual(['open', 'frame', 'frame', 'ticks 3 unreadable 0']);
    expect(ticks).toEqual(decodeTicks(frame, clock.now()).ticks);
    expect(ticks.map((t) => [t.token, t.mode, t.lastPrice, t.at])).toEqual([
      [408065, 'full', 157370, 1_795_405_499_000],
      [738561, 'quote', 294070, clock.now()],
      [256265, 'ltp', 2_340_685, clock.now()],
    ]);
  });

  it('counts the packets of a cut frame as unreadable and keeps the connection', async () => {
    const server = await startServer();
    const { socket, events, ticks, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    const frame = encodeFrame([
      encodePacket({ layout: 'ltp', fields: infyFields() }),
      encodePacket({ layout: 'full', fields: infyFields() }),
      encodePacket({ layout: 'full', fields: infyFields() }),
    ]);
    server.peer().send(frame.subarray(0, 150), { binary: true });
    server.peer().send(Buffer.from([0]), { binary: true });
    await vi.waitFor(() => {
      expect(events.filter((e) => e === 'frame')).toHaveLength(2);
    });
    expect(events).toEqual(['open', 'frame', 'ticks 1 unreadable 2', 'frame']);
    expect(ticks.map((t) => t.mode)).toEqual(['ltp']);
  });

  it('passes order updates and venue errors on, and ignores other text', async () => {
    const server = await startServer();
    const { socket, events, updates, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    const order = { order_id: '260123000000042', status: 'COMPLETE' };
    server.peer().send(JSON.stringify({ type: 'message', data: 'hello' }));
    server.peer().send('not json');
    server.peer().send(JSON.stringify({ type: 'order', id: '', data: order }));
    server.peer().send(JSON.stringify({ type: 'error', data: 'Invalid mode' }));
    await waitFor('error Invalid mode');
    expect(events).toEqual(['open', 'order', 'error Invalid mode']);
    expect(updates).toEqual([order]);
  });

  it('gives up on a connection silent for the read timeout: onSilent, then one close', async () => {
    const server = await startServer();
    const { socket, events, count, waitFor } = createRecordedSocket(server.root, {
      readTimeoutMs: 500,
    });
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    // Heartbeats and text both count as data: three timeouts' worth of them keep it open.
    for (let i = 0; i < 30; i += 1) {
      const peer = server.peer();
      if (i % 2 === 0) peer.send(Buffer.from([0]), { binary: true });
      else peer.send(JSON.stringify({ type: 'message', data: i }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(events.some((e) => e.startsWith('silent'))).toBe(false);
    await waitFor('close');
    await settle();
    expect(events.slice(-2)).toEqual(['silent no data from the ticker for 500 ms', 'close']);
    expect(count('close')).toBe(1);
  });

  it('reports a refused handshake (403) the way market data detects an expired session', async () => {
    const server = await startServer();
    const { socket, events, waitFor } = createRecordedSocket(server.root);
    socket.connect('expired-token');
    await waitFor('close');
    await settle();
    expect(events).toEqual(['error Unexpected server response: 403', 'close']);
  });

  it('reports a refused TCP connection, then closes once', async () => {
    const server = await startServer();
    const root = server.root;
    await server.close();
    const { socket, events, count, waitFor } = createRecordedSocket(root);
    socket.connect(GOOD_TOKEN);
    await waitFor('close');
    await settle();
    expect(events[0]).toMatch(/^error .*ECONNREFUSED/);
    expect(count('close')).toBe(1);
    expect(events).not.toContain('open');
  });

  it('aborts a connection attempt on close: one close, never an open', async () => {
    const server = await startServer({ holdHandshakes: true });
    const { socket, events, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await vi.waitFor(() => {
      expect(server.held).toHaveLength(1);
    });
    socket.close();
    await waitFor('close');
    for (const accept of server.held) accept(true);
    await settle();
    expect(events).toEqual(['close']);
  });

  it('closes an open connection once, and connects again afterwards', async () => {
    const server = await startServer();
    const { socket, events, count, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    expect(() => {
      socket.connect(GOOD_TOKEN);
    }).toThrow('already connected');
    socket.close();
    socket.close();
    await waitFor('close');
    await settle();
    expect(events).toEqual(['open', 'close']);

    socket.connect(GOOD_TOKEN);
    await vi.waitFor(() => {
      expect(count('open')).toBe(2);
    });
    server.peer().terminate();
    await vi.waitFor(() => {
      expect(count('close')).toBe(2);
    });
    await settle();
    expect(events).toEqual(['open', 'close', 'open', 'close']);
  });

  it('cuts a connection whose peer never answers the close handshake', async () => {
    const server = await startServer();
    const { socket, events, waitFor } = createRecordedSocket(server.root, { closeGraceMs: 200 });
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    // Paused, the peer reads nothing, so it never sees our close frame to answer it.
    server.peer().pause();
    const closing = performance.now();
    socket.close();
    await waitFor('close');
    expect(performance.now() - closing).toBeGreaterThanOrEqual(150);
    expect(events).toEqual(['open', 'close']);
  });

  it('says nothing more once disposed', async () => {
    const server = await startServer();
    const { socket, events, waitFor } = createRecordedSocket(server.root);
    socket.connect(GOOD_TOKEN);
    await waitFor('open');
    socket.dispose();
    await settle();
    expect(events).toEqual(['open']);
    expect(() => {
      socket.connect(GOOD_TOKEN);
    }).toThrow('disposed');
  });
});
