import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { findFreePort } from '@kavach/testkit';

export interface EngineCall {
  readonly method: string;
  readonly path: string;
  readonly actor: string | undefined;
  readonly body: unknown;
}

export interface FakeEngine {
  readonly url: string;
  readonly token: string;
  readonly calls: EngineCall[];
  /** Groups POST /api/positions/exit answers 404 for (unknown or already closed). */
  readonly closedGroups: Set<string>;
  readonly close: () => Promise<void>;
}

export const STATUS = {
  now: Date.parse('2026-11-23T05:00:00Z'),
  nowIst: '2026-11-23 10:30:00',
  configSha: 'a'.repeat(64),
  trading: { state: 'ACTIVE', since: null, reasons: [], halt: null },
  mode: { mode: 'PAPER' },
  killSwitch: { engaging: false, lastReport: null },
  market: { covered: true, open: true },
  venue: {
    kind: 'KITE',
    root: 'http://127.0.0.1:8100',
    session: { valid: true, userId: 'SIM001', expiresAt: null, message: null },
    orders: 'KITE',
  },
  marketData: { state: 'CONNECTED', lastTickAt: Date.parse('2026-11-23T04:59:59Z') },
  risk: {
    capital: 10_00_000_00,
    realisedPnlToday: 0,
    unrealisedPnlToday: 0,
    openRisk: 0,
    heatLimit: 50_000_00,
    dailyLossLimit: 20_000_00,
    openPositions: 0,
    maxOpenPositions: 5,
    workingOrders: 0,
  },
  components: {},
};

const FLATTEN_REPORT = {
  startedAt: STATUS.now,
  flatAt: STATUS.now + 700,
  finishedAt: STATUS.now + 900,
  flat: true,
  remainingPositions: 0,
  orders: [],
};

/** An engine API that checks the bearer token and records every call. */
export async function startFakeEngine(): Promise<FakeEngine> {
  const token = 'fake-engine-token-0123456789';
  const calls: EngineCall[] = [];
  const closedGroups = new Set<string>();
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) {
        send(401, { error: { code: 'UNAUTHORIZED', message: 'bad token' } });
        return;
      }
      const path = req.url ?? '/';
      const actor = req.headers['x-kavach-actor'];
      calls.push({
        method: req.method ?? 'GET',
        path,
        actor: typeof actor === 'string' ? actor : undefined,
        body: text === '' ? null : (JSON.parse(text) as unknown),
      });
      if (path === '/status/all') send(200, STATUS);
      else if (path === '/flatten') send(200, FLATTEN_REPORT);
      else if (path === '/pause' || path === '/resume') send(200, { ok: true, state: {} });
      else if (path === '/api/positions/exit') {
        const { groupId } = (calls.at(-1)?.body ?? {}) as { groupId?: string };
        if (groupId === undefined || closedGroups.has(groupId)) {
          send(404, { error: { code: 'GROUP_CLOSED', message: `bracket ${groupId} is closed` } });
        } else send(200, { ok: true, groupId, tradingSymbol: 'INFY', status: 'EXITING' });
      } else send(404, { error: { code: 'NOT_FOUND', message: `no ${path}` } });
    });
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    calls,
    closedGroups,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
