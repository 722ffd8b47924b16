import type { Instrument } from '@kavach/domain';
import { recordBench, summarize } from '@kavach/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackedOrder } from '../src/oco/oco-types';
import { startBenchRig, until } from './support/bench-rig';
import type { BenchRig } from './support/bench-rig';
import type { CuePlan } from './support/bench-strategy';
import { measurePollerBaseline } from './support/poller-baseline';

/**
 * The engine's own latency on the two paths that matter most, on kite-sim (latency 0) and
 * PostgreSQL, with 200 instruments subscribed in full mode:
 *   tick_to_order: the tick that closes a bar the strategy signals on → the entry sent;
 *   fill_to_stop: the entry's fill update → its protective stop sent, beside a watcher that
 *     polls the order book every 2 s (the common design).
 * Each records its row with the testkit recorder (`pnpm bench` → docs/PERFORMANCE.md).
 */
const INSTRUMENTS = 200;
const WARMUP = 10;
const TICK_SAMPLES = 200;
const FILL_SAMPLES = 100;
const BASELINE = { perRound: 50, rounds: 2, pollMs: 2_000, windowMs: 25_000 } as const;
/** A BUY limit three ticks under the market: within the slippage check, and it rests. */
const RESTING: CuePlan = { entryTicks: -3, stopBps: -100, targetBps: 100 };
const MINUTE = 60_000;

const ENGINE =
  "the engine as composeServices builds it (slippage check, risk gates, signal/decision/group rows and the entry's write-ahead order row committed before it leaves) on PostgreSQL 15 (testkit startPostgres), trading kite-sim started with KITE_SIM_LATENCY_MS=0 through KiteBroker (kiteconnect REST, our ticker socket)";

let rig: BenchRig;

beforeAll(async () => {
  rig = await startBenchRig({ instruments: INSTRUMENTS, maxPositions: 20 });
  expect(rig.universe).toHaveLength(INSTRUMENTS);
  expect(rig.stocks.length).toBeGreaterThanOrEqual(40);
}, 180_000);

afterAll(async () => {
  await rig.close();
});

const isRole = (clientOrderId: string, letter: string) => clientOrderId.charAt(1) === letter;

function stockAt(index: number): Instrument {
  const stock = rig.stocks[index % rig.stocks.length];
  if (stock === undefined) throw new Error('no stocks');
  return stock;
}

function entryOf(stock: Instrument): TrackedOrder | undefined {
  const group = rig.services.engine.oco
    .openGroups()
    .find((g) => g.instrument.token === stock.token);
  return group === undefined
    ? undefined
    : rig.services.engine.oco.ordersOf(group.id).find((o) => o.role === 'ENTRY');
}

/** Why no order went out: the engine's state, its brackets of the stock, its last decision. */
async function explain(stock: Instrument): Promise<string> {
  const { engine, tradingState } = rig.services;
  const row = await rig.db.prisma.decision.findFirst({
    orderBy: { createdAt: 'desc' },
    include: { signal: { include: { instrument: true } } },
  });
  const decision =
    row === null
      ? 'none'
      : `${row.signal.instrument.tradingSymbol} approved=${row.approved} ${row.reason ?? ''}`;
  const brackets = engine.oco
    .groups()
    .filter((g) => g.instrument.token === stock.token)
    .slice(-2)
    .map(
      (g) =>
        `${g.group.status}[${engine.oco
          .ordersOf(g.id)
          .map((o) => `${o.role}:${o.state.status}`)
          .join(',')}]`,
    );
  return `trading ${tradingState.current().state}; last decision ${decision}; its brackets ${brackets.join(' ') || 'none'}; cued ${rig.cue.armed()}`;
}

describe('engine latency on kite-sim and PostgreSQL', () => {
  it('tick → order sent, 200 instruments in full mode', async () => {
    const samples: number[] = [];
    const frames: number[] = [];
    let nudged = 0;
    for (let i = 0; i < WARMUP + TICK_SAMPLES; i += 1) {
      const stock = stockAt(i);
      // An entry and its cancel a sample: room for them, so the limiter never holds an entry.
      await rig.roomInRateLimit(2);
      // The minute ticks twice for every instrument that moves, then the bench cues one.
      await rig.step(20_000);
      await rig.step(20_000);
      // A trade now, so the stock has a bar for the boundary to close whatever the steps did.
      await rig.nudge(stock);
      const boundary = Math.floor(rig.clock.now() / MINUTE) * MINUTE + MINUTE;
      rig.cue.arm(stock.token, RESTING);
      const mark = { heardAt: null as number | null, frame: 0, sentAt: null as number | null };
      const offHeard = rig.probe.onHeard((event, at) => {
        if (mark.heardAt !== null || event.type !== 'ticks') return;
        if (event.ticks.some((t) => t.token === stock.token && t.at >= boundary)) {
          mark.heardAt = at;
          mark.frame = event.ticks.length;
        }
      });
      const offSent = rig.probe.onSent((request) => {
        if (
          mark.sentAt === null &&
          request.kind === 'place' &&
          request.command.tradingSymbol === stock.tradingSymbol &&
          isRole(request.command.clientOrderId, 'E')
        ) {
          mark.sentAt = request.at;
        }
      });
      try {
        // Across the minute, the engine's clock left behind: the tick closes the bar, not a timer.
        await rig.step(20_000, false);
        await until('the boundary frame', () => mark.heardAt !== null, 300, 1).catch(async () => {
          // The instrument did not move in that step: a trade in it is the trigger instead.
          nudged += 1;
          await rig.nudge(stock);
        });
        await until('the entry sent', () => mark.sentAt !== null, 5_000, 1).catch(
          async (error: unknown) => {
            throw new Error(`${String(error)} for ${stock.tradingSymbol}: ${await explain(stock)}`);
          },
        );
      } finally {
        offHeard();
        offSent();
      }
      const { heardAt, sentAt } = mark;
      if (heardAt === null || sentAt === null) throw new Error('a sample without its tick');
      expect(sentAt).toBeGreaterThan(heardAt);
      if (i >= WARMUP) {
        samples.push(sentAt - heardAt);
        frames.push(mark.frame);
      }
      await rig.follow();
      await rig.settle();
    }
    const stats = summarize(samples);
    const row = recordBench({
      id: 'tick_to_order',
      measured: stats.p99,
      figures: {
        ...stats,
        instruments: rig.universe.length,
        trigger_frame_ticks_p50: summarize(frames).p50,
        triggers_by_single_trade: nudged,
      },
      method: `${ENGINE}, ${INSTRUMENTS} instruments subscribed in full mode and ticking (kite-sim's clock stepped 20 s at a time, one frame per step). The clock starts when KiteBroker hands the engine's broker-event handler the frame carrying the cued instrument's first tick of a new minute (it closes the bar the bench strategy signals on) and stops when the engine calls the broker port's placeOrder for the entry (a wrapper on KiteBroker); ${WARMUP} warm-up samples dropped.`,
      source: import.meta.url,
    });
    expect(samples).toHaveLength(TICK_SAMPLES);
    expect(row.figures.p50).toBeGreaterThan(0);
  }, 600_000);

  it('fill update → protective stop sent, beside a 2 s poller', async () => {
    const samples: number[] = [];
    const sources = new Map<string, number>();
    let filledOnArrival = 0;
    for (let i = 0; i < WARMUP + FILL_SAMPLES; i += 1) {
      const stock = stockAt(i);
      // Entry, stop, target, then the stop to market and the target cancelled: room for all.
      await rig.roomInRateLimit(5);
      // A trade now, so the stock has a bar for the step to close.
      await rig.nudge(stock);
      rig.cue.arm(stock.token, RESTING);
      await rig.step(MINUTE);
      // And one at the new minute: the slippage check wants a live price, the market is paused.
      await rig.nudge(stock);
      await until(
        'the entry answered',
        () => entryOf(stock)?.state.status !== 'PENDING_SUBMIT' && entryOf(stock) !== undefined,
        5_000,
        1,
      ).catch(async (error: unknown) => {
        throw new Error(`${String(error)} for ${stock.tradingSymbol}: ${await explain(stock)}`);
      });
      await rig.services.engine.idle();
      const entry = entryOf(stock);
      if (entry?.brokerOrderId == null || entry.price === null) {
        throw new Error(`entry for ${stock.tradingSymbol} not working at kite-sim`);
      }
      if (entry.state.filledQuantity > 0 || !['SUBMITTED', 'OPEN'].includes(entry.state.status)) {
        // The market came to it inside the step: no fill left to time.
        filledOnArrival += 1;
        await rig.settle();
        continue;
      }
      const brokerOrderId = entry.brokerOrderId;
      const mark = { heardAt: null as number | null, source: '', sentAt: null as number | null };
      const offHeard = rig.probe.onHeard((event, at) => {
        if (mark.heardAt !== null || event.type !== 'order') return;
        if (event.report.brokerOrderId === brokerOrderId && event.report.filledQuantity > 0) {
          mark.heardAt = at;
          mark.source = event.source;
        }
      });
      const offSent = rig.probe.onSent((request) => {
        if (
          mark.sentAt === null &&
          request.kind === 'place' &&
          request.command.tradingSymbol === stock.tradingSymbol &&
          isRole(request.command.clientOrderId, 'S')
        ) {
          mark.sentAt = request.at;
        }
      });
      try {
        // Three ticks under the limit: the ask (at most two ticks over the last) crosses it.
        await rig.setPrice(stock, (entry.price - 3 * stock.tickSize) / 100);
        await until('the stop sent', () => mark.sentAt !== null, 5_000, 1);
      } finally {
        offHeard();
        offSent();
      }
      const { heardAt, sentAt } = mark;
      if (heardAt === null || sentAt === null) throw new Error('a stop without its fill');
      expect(sentAt).toBeGreaterThan(heardAt);
      if (i >= WARMUP) {
        samples.push(sentAt - heardAt);
        sources.set(mark.source, (sources.get(mark.source) ?? 0) + 1);
      }
      await rig.settle();
    }
    expect(samples.length).toBeGreaterThanOrEqual(FILL_SAMPLES * 0.8);

    const baseline = summarize(await measurePollerBaseline(BASELINE));
    expect(baseline.samples).toBe(BASELINE.perRound * BASELINE.rounds);
    const stats = summarize(samples);
    const row = recordBench({
      id: 'fill_to_stop',
      measured: stats.p99,
      figures: {
        ...stats,
        fills_heard_by_ticker: sources.get('TICKER') ?? 0,
        entries_filled_on_arrival: filledOnArrival,
        baseline_poller_p50_ms: baseline.p50,
        baseline_poller_p99_ms: baseline.p99,
        baseline_poller_max_ms: baseline.max,
        baseline_poller_samples: baseline.samples,
        baseline_poll_interval_ms: BASELINE.pollMs,
      },
      method: `${ENGINE}, ${INSTRUMENTS} instruments subscribed. A resting LIMIT entry is filled by a kite-sim trade through its price; the clock starts when KiteBroker hands the engine's broker-event handler the order update carrying the fill and stops when the engine calls the broker port's placeOrder for the protective SL-M stop. Baseline: a watcher polling GET /orders every ${BASELINE.pollMs} ms (kiteconnect, its own kite-sim at latency 0), ${baseline.samples} fills at random phase (${BASELINE.rounds} rounds of ${BASELINE.perRound} over ${BASELINE.windowMs / 1000} s), from the fill to its placeOrder for the stop.`,
      source: import.meta.url,
    });
    expect(row.figures.p50).toBeGreaterThan(0);
    expect(baseline.p50).toBeGreaterThan(stats.p99);
  }, 600_000);
});
