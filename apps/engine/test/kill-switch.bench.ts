import { KITE_RATE_LIMITS } from '@kavach/broker';
import type { Instrument } from '@kavach/domain';
import { isClosedStatus, measureGroupPosition } from '@kavach/domain';
import { recordBench, summarize } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlattenReport } from '../src/control/ports';
import type { ManagedGroup } from '../src/oco/oco-types';
import { sleep, startBenchRig, until } from './support/bench-rig';
import type { BenchRig } from './support/bench-rig';
import type { CuePlan } from './support/bench-strategy';

/**
 * The kill switch (POST /flatten's path: killSwitch.engage) on kite-sim (latency 0) and
 * PostgreSQL, with 200 instruments subscribed, through the real kiteconnect client and Kite's
 * client-side order rate limit:
 *   flatten_first_exit: the press → the first exit sent (the first stop turned into a market
 *     exit), rounds of ten positions;
 *   flatten_50_positions: the press → every position flat and nothing working at kite-sim,
 *     with 50 positions and their 100 working orders (a stop and a target each).
 */
const INSTRUMENTS = 200;
const FIRST_EXIT_ROUNDS = 5;
const FIRST_EXIT_POSITIONS = 10;
const FIFTY_ROUNDS = 2;
const FIFTY = 50;
/** A BUY limit five ticks over the market: it fills at once, within the slippage check. */
const FILLS_AT_ONCE: CuePlan = { entryTicks: 5, stopBps: -100, targetBps: 100 };
const USER = { type: 'USER', name: 'bench' } as const;
/** One modify (the stop to a market exit) and one cancel (the target) a position. */
const REQUESTS_PER_POSITION = 2;

const ENGINE =
  'the engine as composeServices builds it on PostgreSQL 15 (testkit startPostgres), trading kite-sim started with KITE_SIM_LATENCY_MS=0 through KiteBroker (kiteconnect REST behind its client-side limit of 10 order requests a 1.02 s window)';

let rig: BenchRig;

beforeAll(async () => {
  rig = await startBenchRig({ instruments: INSTRUMENTS, maxPositions: FIFTY });
  expect(rig.stocks.length).toBeGreaterThanOrEqual(FIFTY);
}, 180_000);

afterAll(async () => {
  await rig.close();
});

const working = (groups: readonly ManagedGroup[]) =>
  groups
    .flatMap((g) => rig.services.engine.oco.ordersOf(g.id))
    .filter((o) => !isClosedStatus(o.state.status));

/**
 * `count` open positions, each with its stop and its one target working at kite-sim: the
 * stocks are cued, a bar closes, the entries fill at once.
 */
async function openPositions(count: number): Promise<readonly ManagedGroup[]> {
  const { engine } = rig.services;
  const stocks: Instrument[] = rig.stocks.slice(0, count);
  // A trade in each now, so each has a bar for the step to close.
  for (const stock of stocks) await rig.nudge(stock);
  for (const stock of stocks) rig.cue.arm(stock.token, FILLS_AT_ONCE);
  await rig.step(60_000);
  // And one at the new minute: the slippage check wants a live price, the market is paused.
  for (const stock of stocks) await rig.nudge(stock);
  const tokens = new Set(stocks.map((s) => s.token));
  const mine = () => engine.oco.openGroups().filter((g) => tokens.has(g.instrument.token));
  await until(`${count} brackets`, () => mine().length === count, 30_000, 20);
  const protectedAtKite = (group: ManagedGroup) => {
    const legs = engine.oco.ordersOf(group.id).filter((o) => o.role !== 'ENTRY');
    return (
      group.group.status === 'OPEN' &&
      measureGroupPosition(group.group).net > 0 &&
      legs.length === 2 &&
      legs.every((o) => o.brokerOrderId !== null && !isClosedStatus(o.state.status))
    );
  };
  await until(
    `${count} positions, each with its stop and target working at kite-sim`,
    () => mine().every(protectedAtKite),
    60_000,
    20,
  );
  await engine.idle();
  // The flatten comes a while after the last order: its slots in the rate limit are free.
  await sleep(KITE_RATE_LIMITS.windowMs + 100);
  return mine();
}

interface Flattened {
  readonly firstExitMs: number;
  readonly doneMs: number;
  readonly requests: number;
  readonly reportFlat: boolean;
}

/** Presses the kill switch and times it; then checks kite-sim's book and trades again. */
async function flatten(groups: readonly ManagedGroup[]): Promise<Flattened> {
  const { engine, killSwitch, tradingState } = rig.services;
  expect(working(groups)).toHaveLength(groups.length * 2);
  const mark = { firstExitAt: null as number | null, requests: 0 };
  const offSent = rig.probe.onSent((request) => {
    mark.requests += 1;
    const exit =
      (request.kind === 'modify' && request.command.orderType === 'MARKET') ||
      (request.kind === 'place' && request.command.clientOrderId.charAt(1) === 'X');
    if (exit && mark.firstExitAt === null) mark.firstExitAt = request.at;
  });
  const pressedAt = performance.now();
  const done = () =>
    groups.every((g) => g.group.status === 'CLOSED' && measureGroupPosition(g.group).net === 0) &&
    working(groups).length === 0;
  let report: FlattenReport;
  let doneAt: number;
  try {
    const engaged = killSwitch.engage(USER, 'bench');
    await until('every position flat, nothing working', done, 30_000, 2);
    doneAt = performance.now();
    report = await engaged;
  } finally {
    offSent();
  }
  if (mark.firstExitAt === null) throw new Error('no exit was sent');
  // What the engine heard, as kite-sim has it: nothing working, no position left.
  const book = await rig.kite.getOrders();
  if (!book.ok) throw new Error(book.error.message);
  expect(book.value.filter((o) => !isClosedStatus(o.status))).toEqual([]);
  const positions = await rig.kite.getPositions();
  if (!positions.ok) throw new Error(positions.error.message);
  expect(positions.value.filter((p) => p.quantity !== 0)).toEqual([]);
  await engine.idle();
  expect((await killSwitch.reset(USER, 'bench round over')).ok).toBe(true);
  expect((await tradingState.resume(USER, 'bench round over')).ok).toBe(true);
  return {
    firstExitMs: mark.firstExitAt - pressedAt,
    doneMs: doneAt - pressedAt,
    requests: mark.requests,
    reportFlat: report.flat,
  };
}

describe('kill switch on kite-sim and PostgreSQL', () => {
  it('flatten request → first exit sent', async () => {
    const rounds: Flattened[] = [];
    for (let round = 0; round < FIRST_EXIT_ROUNDS; round += 1) {
      rounds.push(await flatten(await openPositions(FIRST_EXIT_POSITIONS)));
    }
    const firstExit = summarize(rounds.map((r) => r.firstExitMs));
    const row = recordBench({
      id: 'flatten_first_exit',
      measured: firstExit.max,
      figures: {
        ...firstExit,
        rounds: rounds.length,
        positions_per_round: FIRST_EXIT_POSITIONS,
        flat_max_ms: summarize(rounds.map((r) => r.doneMs)).max,
      },
      method: `${ENGINE}, ${INSTRUMENTS} instruments subscribed; ${FIRST_EXIT_ROUNDS} rounds of ${FIRST_EXIT_POSITIONS} open positions (stop and target working at kite-sim). The clock starts at killSwitch.engage (what POST /flatten calls) and stops when the engine calls the broker port's modifyOrder turning the first stop into a market exit (a wrapper on KiteBroker); the figure is the slowest round.`,
      source: import.meta.url,
    });
    expect(rounds.every((r) => r.requests >= FIRST_EXIT_POSITIONS * 2)).toBe(true);
    expect(row.figures.max).toBeGreaterThan(0);
  }, 600_000);

  it('flattens 50 positions and their 100 working orders', async () => {
    const rounds: Flattened[] = [];
    for (let round = 0; round < FIFTY_ROUNDS; round += 1) {
      rounds.push(await flatten(await openPositions(FIFTY)));
    }
    // The flatten must send a modify and a cancel for each position, at most `orders` requests
    // a window: the last batch goes out ceil(n / orders) - 1 windows after the first.
    const requests = FIFTY * REQUESTS_PER_POSITION;
    const { orders } = KITE_RATE_LIMITS.perWindow;
    const rateLimitMs = Math.ceil(requests / orders) * KITE_RATE_LIMITS.windowMs;
    const done = summarize(rounds.map((r) => r.doneMs));
    const row = recordBench({
      id: 'flatten_50_positions',
      measured: done.max,
      limit: rateLimitMs + 1_000,
      checks: { 'the kill switch reported flat': rounds.every((r) => r.reportFlat) },
      figures: {
        ...done,
        rounds: rounds.length,
        positions: FIFTY,
        working_orders: FIFTY * 2,
        order_requests: requests,
        order_requests_sent_max: Math.max(...rounds.map((r) => r.requests)),
        rate_limit_ms: rateLimitMs,
        first_exit_max_ms: summarize(rounds.map((r) => r.firstExitMs)).max,
        kill_switch_reported_flat: rounds.filter((r) => r.reportFlat).length,
      },
      method: `${ENGINE}, ${INSTRUMENTS} instruments subscribed; ${FIFTY_ROUNDS} rounds of ${FIFTY} open positions, each with its stop and target working at kite-sim. The clock starts at killSwitch.engage and stops when the engine has heard every position flat and every order of theirs closed from kite-sim (then checked in kite-sim's order book and positions); the limit is ${requests} order requests (a modify and a cancel each) at ${orders} a ${KITE_RATE_LIMITS.windowMs} ms window, ${rateLimitMs} ms, + 1 s. Slowest round.`,
      source: import.meta.url,
    });
    expect(rounds.every((r) => r.requests >= requests)).toBe(true);
    expect(row.figures.max).toBeGreaterThan(0);
  }, 600_000);
});
