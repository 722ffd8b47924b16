import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from '@kavach/config';
import { findFreePort } from '@kavach/testkit';
import { KiteConnect } from 'kiteconnect';
import type { Connect } from 'kiteconnect';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiteSim } from '../src/start-kite-sim';
import type { RunningKiteSim } from '../src/start-kite-sim';
import { control, mintAccessToken, TEST_API_KEY, TEST_API_SECRET } from './start-kite-sim';

// kite-sim as `pnpm start` runs it (startKiteSim: the generated market on the wall clock's
// session day, real time), stopped and started again on the same state file.
const env = parseEnv({
  KITE_API_KEY: TEST_API_KEY,
  KITE_API_SECRET: TEST_API_SECRET,
  KITE_SIM_SPEED: '1',
  LOG_LEVEL: 'silent',
});

let dir: string;
let stateFile: string;
const running: RunningKiteSim[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kite-sim-state-int-'));
  stateFile = join(dir, 'kite-sim-state.json');
});
afterAll(async () => {
  for (const sim of running) await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<RunningKiteSim> {
  const sim = await startKiteSim({
    env,
    logger: pino({ level: 'silent' }),
    port: await findFreePort(),
    stateFile,
    stateSaveIntervalMs: 200,
  });
  running.push(sim);
  return sim;
}

async function stop(sim: RunningKiteSim): Promise<void> {
  running.splice(running.indexOf(sim), 1);
  await sim.stop();
}

async function simulatedNow(root: string): Promise<number> {
  const state = (await (await fetch(`${root}/_sim/state`)).json()) as { now: number };
  return state.now;
}

/** The equity segment's answer (the client types it as the whole of /user/margins). */
interface EquityMargins {
  readonly available: { readonly opening_balance: number };
  readonly utilised: { readonly exposure: number };
}

type OrderParams = Parameters<Connect['placeOrder']>[1];

/** A price on INFY's 5-paise tick, in rupees. */
const onTick = (rupees: number): number => Math.round(rupees * 20) / 20;

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What a restart must not change about a position (the last price and P&L move on). */
function positionBook(positions: Awaited<ReturnType<Connect['getPositions']>>) {
  return positions.net.map((p) => ({
    tradingsymbol: p.tradingsymbol,
    product: p.product,
    quantity: p.quantity,
    average_price: p.average_price,
    value: p.value,
    buy_quantity: p.buy_quantity,
    buy_value: p.buy_value,
    sell_quantity: p.sell_quantity,
    sell_value: p.sell_value,
  }));
}

describe('kite-sim restarted on its state file', () => {
  it('answers the same order book, trades and positions; the clock goes on; resting orders still work', async () => {
    const first = await start();
    const accessToken = await mintAccessToken(first.root);
    const kc1 = new KiteConnect({
      api_key: TEST_API_KEY,
      root: first.root,
      access_token: accessToken,
    });
    const last = (await kc1.getQuote(['NSE:INFY']))['NSE:INFY']!.last_price;
    const buy = {
      exchange: 'NSE',
      tradingsymbol: 'INFY',
      transaction_type: 'BUY',
      product: 'MIS',
    } as const;

    const { order_id: filled } = await kc1.placeOrder('regular', {
      ...buy,
      quantity: 10,
      order_type: 'MARKET',
      // market_protection is missing from the client's published types; it sends it all the same.
      market_protection: 2,
    } as OrderParams);
    const { order_id: modified } = await kc1.placeOrder('regular', {
      ...buy,
      quantity: 5,
      order_type: 'LIMIT',
      price: onTick(last * 0.97),
    });
    await kc1.modifyOrder('regular', modified, { price: onTick(last * 0.965) });
    const { order_id: toCancel } = await kc1.placeOrder('regular', {
      ...buy,
      quantity: 3,
      order_type: 'LIMIT',
      price: onTick(last * 0.96),
    });
    const { order_id: cancelled } = await kc1.placeOrder('regular', {
      ...buy,
      quantity: 2,
      order_type: 'LIMIT',
      price: onTick(last * 0.95),
    });
    await kc1.cancelOrder('regular', cancelled);

    const before = {
      orders: await kc1.getOrders(),
      trades: await kc1.getTrades(),
      history: await kc1.getOrderHistory(modified),
      positions: await kc1.getPositions(),
      margins: (await kc1.getMargins('equity')) as unknown as EquityMargins,
      now: await simulatedNow(first.root),
    };
    expect(before.orders.map((o) => [o.order_id, o.status])).toEqual([
      [filled, 'COMPLETE'],
      [modified, 'OPEN'],
      [toCancel, 'OPEN'],
      [cancelled, 'CANCELLED'],
    ]);
    expect(before.trades.length).toBeGreaterThan(0);
    await stop(first);
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ format: 'kavach.kite-sim.state', version: 1 });

    const second = await start();
    expect(second.stateFile).toBe(stateFile);
    // Kite's tokens live until 06:00 IST: the one from before the restart still works.
    const kc2 = new KiteConnect({
      api_key: TEST_API_KEY,
      root: second.root,
      access_token: accessToken,
    });
    expect(await kc2.getOrders()).toEqual(before.orders);
    expect(await kc2.getTrades()).toEqual(before.trades);
    expect(await kc2.getOrderHistory(modified)).toEqual(before.history);
    expect(positionBook(await kc2.getPositions())).toEqual(positionBook(before.positions));
    const margins = (await kc2.getMargins('equity')) as unknown as EquityMargins;
    expect(margins.available.opening_balance).toBe(before.margins.available.opening_balance);
    expect(margins.utilised.exposure).toBeGreaterThan(0);
    expect(await simulatedNow(second.root)).toBeGreaterThanOrEqual(before.now);

    // A resting order is still at the exchange: cancelled at once, or filled when the price comes.
    await expect(kc2.cancelOrder('regular', toCancel)).resolves.toEqual({ order_id: toCancel });
    const limit = before.orders.find((o) => o.order_id === modified)!.price;
    await control(second.root, '/price', { instrument: 'NSE:INFY', price: onTick(limit * 0.99) });
    const done = await waitFor(async () => {
      const order = (await kc2.getOrders()).find((o) => o.order_id === modified);
      return order?.status === 'COMPLETE' ? order : undefined;
    }, 'the restored resting order to fill');
    expect(done).toMatchObject({ filled_quantity: 5, average_price: limit });
    const { order_id: fresh } = await kc2.placeOrder('regular', {
      ...buy,
      quantity: 1,
      order_type: 'MARKET',
      // market_protection is missing from the client's published types; it sends it all the same.
      market_protection: 2,
    } as OrderParams);
    expect(before.orders.map((o) => o.order_id)).not.toContain(fresh);
    const orders = await kc2.getOrders();
    expect(new Set(orders.map((o) => o.order_id)).size).toBe(orders.length);
    const tradeIds = (await kc2.getTrades()).map((t) => t.trade_id);
    expect(new Set(tradeIds).size).toBe(tradeIds.length);
    expect((await kc2.getPositions()).net[0]?.quantity).toBe(16);
    const nowBeforeStop = await simulatedNow(second.root);
    await stop(second);

    // And once more: what happened after the first restart is kept too.
    const third = await start();
    const kc3 = new KiteConnect({
      api_key: TEST_API_KEY,
      root: third.root,
      access_token: accessToken,
    });
    expect((await kc3.getOrders()).map((o) => [o.order_id, o.status])).toEqual(
      orders.map((o) => [o.order_id, o.status]),
    );
    expect(await simulatedNow(third.root)).toBeGreaterThanOrEqual(nowBeforeStop);
    await stop(third);
  });

  it('refuses to start on a state file it cannot use, naming it and saying to move it away', async () => {
    await writeFile(stateFile, '{"format":"kavach.kite-sim.state","version":1,"simulator":');
    await expect(start()).rejects.toThrow(
      new RegExp(`state file ${stateFile} cannot be used: it is not valid JSON.*Move it away`),
    );
    await writeFile(stateFile, JSON.stringify({ format: 'kavach.kite-sim.state', version: 99 }));
    await expect(start()).rejects.toThrow(/version 99 is unknown to this kite-sim/);
  });
});
