import { createRedisBus, tickChannel } from '@kavach/bus';
import { createLogger } from '@kavach/config';
import { tickOf } from './ticks';

/**
 * A stand-in engine for the socket latency bench, in a process of its own as the engine is
 * (so the bench's receiving sockets do not share an event loop with the publisher): publishes
 * ticks on the Redis bus at a fixed rate, each instrument drawn at random (seeded), so each
 * instrument's ticks arrive irregularly as a market's do. Every tick's price is its
 * instrument's previous one plus 5 paise (the conflator never drops it as unchanged) and its
 * `at` is the publish time, epoch ms floored (the receiver's latency is then over-stated by
 * less than 1 ms, never under-stated).
 *
 * Run as `node --import tsx test/tick-publisher.ts '<TickPlan JSON>'`; prints one JSON line,
 * a `PublishedTicks`, when done.
 */
export interface TickPlan {
  readonly redisUrl: string;
  readonly tokens: readonly number[];
  readonly ticksPerSecond: number;
  /** Published first and not measured: the dashboard's code paths warm up. */
  readonly warmUpMs: number;
  readonly durationMs: number;
  /** Ticks go out in bursts of rate × stepMs / 1000, one burst per step. */
  readonly stepMs: number;
  readonly seed: number;
}

export interface PublishedTicks {
  /** Epoch ms from which ticks count (the end of the warm-up). */
  readonly measuredFrom: number;
  /** Ticks published after the warm-up. */
  readonly published: number;
  readonly warmUpPublished: number;
  /** Epoch ms of the first and the last measured publish. */
  readonly firstAt: number;
  readonly lastAt: number;
  /** The longest a burst started after its scheduled time: how well the rate was held. */
  readonly maxScheduleLagMs: number;
  /** Each published instrument's last price, paise, as [token, price]. */
  readonly lastPrices: readonly (readonly [number, number])[];
}

const BASE_PRICE = 1_000_00;
const epochNow = () => performance.timeOrigin + performance.now();

/** mulberry32: a small seeded generator, so every run publishes the same sequence. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

async function publishPlan(plan: TickPlan): Promise<PublishedTicks> {
  const bus = createRedisBus({ url: plan.redisUrl, logger: createLogger('bench', 'warn') });
  await bus.ready();
  const random = seededRandom(plan.seed);
  const perStep = (plan.ticksPerSecond * plan.stepMs) / 1_000;
  const prices = new Map<number, number>();
  const steps = Math.round((plan.warmUpMs + plan.durationMs) / plan.stepMs);
  const warmUpSteps = Math.round(plan.warmUpMs / plan.stepMs);
  let published = 0;
  let warmUpPublished = 0;
  let firstAt = Number.NaN;
  let lastAt = Number.NaN;
  let measuredFrom = Number.NaN;
  let maxScheduleLagMs = 0;
  const started = performance.now();
  for (let step = 0; step < steps; step += 1) {
    const due = started + step * plan.stepMs;
    // On a schedule from the start, so a late burst is caught up rather than slowing the rate.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    maxScheduleLagMs = Math.max(maxScheduleLagMs, performance.now() - due);
    const measured = step >= warmUpSteps;
    if (measured && Number.isNaN(measuredFrom)) measuredFrom = epochNow();
    const sent: Promise<void>[] = [];
    // Fractional rates carry over: the burst sizes average out to the rate.
    const count = Math.floor((step + 1) * perStep) - Math.floor(step * perStep);
    for (let i = 0; i < count; i += 1) {
      const token = plan.tokens[Math.floor(random() * plan.tokens.length)] ?? 0;
      const price = (prices.get(token) ?? BASE_PRICE) + 5;
      prices.set(token, price);
      const at = Math.floor(epochNow());
      sent.push(bus.publish(tickChannel(token), { ...tickOf(token, price), at }));
      if (measured) {
        published += 1;
        if (Number.isNaN(firstAt)) firstAt = at;
        lastAt = at;
      } else {
        warmUpPublished += 1;
      }
    }
    await Promise.all(sent);
  }
  await bus.close();
  return {
    measuredFrom,
    published,
    warmUpPublished,
    firstAt,
    lastAt,
    maxScheduleLagMs: Math.round(maxScheduleLagMs * 10) / 10,
    lastPrices: [...prices.entries()],
  };
}

const planArgument = process.argv[2];
if (planArgument !== undefined) {
  const result = await publishPlan(JSON.parse(planArgument) as TickPlan);
  console.log(JSON.stringify(result));
}
