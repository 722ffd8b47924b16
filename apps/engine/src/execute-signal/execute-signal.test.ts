import { createLogger } from '@kavach/config';
import { VirtualClock, paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createSignalExecutor } from './execute-signal';
import type { SignalExecutorOptions } from './execute-signal';
import { EXECUTE_SIGNAL_RESPONSE_KEYS, executeSignalResponse } from './execute-signal-body';
import { createFakeIntake, niftyChain, symbolOf } from './execute-signal.fixtures';
import type { FakeIntakeSetup, LegScript } from './execute-signal.fixtures';

const logger = createLogger('test', 'silent');

const T0 = Date.UTC(2026, 2, 25, 4, 30); // 10:00 IST
const TODAY = '2026-03-25';
const EXPIRY = '2026-03-30';
const MASTER = [...niftyChain('2026-04-07', 23000, 25000), ...niftyChain(EXPIRY, 23000, 25000)];

const MAIN_CE = symbolOf(24000, 'CE', EXPIRY);
const HEDGE_CE = symbolOf(24500, 'CE', EXPIRY);
const MAIN_PE = symbolOf(24000, 'PE', EXPIRY);
const HEDGE_PE = symbolOf(23500, 'PE', EXPIRY);

const BODY = {
  signal: 'SELL',
  strike: 24000,
  option_type: 'CE',
  quantity: 2,
  entry_price: 118.4,
  hedge_enabled: true,
};

interface Setup {
  readonly legs?: FakeIntakeSetup['legs'];
  readonly livePrices?: FakeIntakeSetup['livePrices'];
  readonly flattenFails?: boolean;
  readonly options?: Partial<SignalExecutorOptions>;
}

function setup(given: Setup = {}) {
  const clock = new VirtualClock(T0);
  const intake = createFakeIntake({
    master: MASTER,
    clock,
    legs: given.legs ?? {},
    livePrices: given.livePrices ?? { [HEDGE_CE]: paise(3_20), [HEDGE_PE]: paise(2_95) },
    flattenFails: given.flattenFails ?? false,
  });
  const executor = createSignalExecutor({
    intake,
    clock,
    logger,
    options: { maxLatencyMs: 500, todayIst: () => TODAY, ...given.options },
  });
  return {
    clock,
    intake,
    execute: (body: unknown = BODY) => executor.execute(body, T0),
  };
}

/** Fills the leg at `price` rupees in full. */
function fillAt(price: number, fillAfterMs?: number): LegScript {
  return {
    progress: () => ({ averagePrice: paise(Math.round(price * 100)) }),
    ...(fillAfterMs === undefined ? {} : { fillAfterMs }),
  };
}

const NOT_FILLED: LegScript = {
  progress: () => ({ status: 'OPEN', filledQuantity: 0, averagePrice: null }),
};

describe('execute-signal: the answer', () => {
  it('has exactly the documented keys and matches the response schema', async () => {
    const { execute } = setup({ legs: { [MAIN_CE]: fillAt(118.85) } });
    const reply = await execute();
    expect(reply.httpStatus).toBe(200);
    expect(Object.keys(reply.body)).toEqual([...EXECUTE_SIGNAL_RESPONSE_KEYS]);
    expect(Object.keys(executeSignalResponse.shape)).toEqual([...EXECUTE_SIGNAL_RESPONSE_KEYS]);
    const body = executeSignalResponse.parse(reply.body);
    expect(Object.keys(body.slippage)).toEqual([
      'slippage_points',
      'slippage_percent',
      'favorable',
      'message',
    ]);
  });

  it('reports the fill, its slippage and the latency', async () => {
    const { execute } = setup({ legs: { [MAIN_CE]: fillAt(117.95, 60) } });
    const reply = await execute({ ...BODY, signal: 'BUY', hedge_enabled: false });
    expect(reply).toEqual({
      httpStatus: 200,
      body: {
        status: 'FILLED',
        order_id: `order-${MAIN_CE}`,
        hedge_order_id: null,
        execution_price: 117.95,
        slippage: {
          slippage_points: -0.45,
          slippage_percent: -0.38,
          favorable: true,
          message: 'filled 0.45 better than the signal (0.38 %)',
        },
        latency_ms: 60,
        latency_acceptable: true,
      },
    });
  });

  it("measures a SELL's slippage as adverse when it receives less", async () => {
    const { execute } = setup({ legs: { [MAIN_CE]: fillAt(117.95) } });
    const reply = await execute();
    expect(reply.body).toMatchObject({
      status: 'FILLED',
      execution_price: 117.95,
      slippage: {
        slippage_points: 0.45,
        slippage_percent: 0.38,
        favorable: false,
        message: 'filled 0.45 worse than the signal (0.38 %)',
      },
    });
  });

  it('says when the latency is above the maximum', async () => {
    const { execute } = setup({
      legs: { [HEDGE_CE]: fillAt(3.2, 200), [MAIN_CE]: fillAt(118.4, 400) },
    });
    const reply = await execute();
    expect(reply.body).toMatchObject({
      status: 'FILLED',
      latency_ms: 600,
      latency_acceptable: false,
      slippage: { slippage_points: 0, favorable: false, message: 'filled at the signal price' },
    });
  });

  it('answers PENDING when the main leg is still working after the wait', async () => {
    const { execute, intake } = setup({ legs: { [MAIN_CE]: NOT_FILLED } });
    const reply = await execute();
    expect(reply.httpStatus).toBe(200);
    expect(reply.body).toMatchObject({
      status: 'PENDING',
      order_id: `order-${MAIN_CE}`,
      hedge_order_id: `order-${HEDGE_CE}`,
      execution_price: null,
      slippage: { slippage_points: null, slippage_percent: null, favorable: false },
    });
    expect(intake.flattened).toEqual([]);
  });

  it('answers PARTIAL with the average of what filled', async () => {
    const { execute, intake } = setup({
      legs: {
        [MAIN_CE]: {
          progress: () => ({ status: 'OPEN', filledQuantity: 75, averagePrice: paise(118_40) }),
        },
      },
    });
    const reply = await execute();
    expect(reply.httpStatus).toBe(200);
    expect(reply.body).toMatchObject({ status: 'PARTIAL', execution_price: 118.4 });
    expect(intake.flattened).toEqual([]);
  });
});

describe('execute-signal: what is sent', () => {
  it("sends a SELL's main leg with its stop above and targets below", async () => {
    const { execute, intake } = setup();
    await execute({ ...BODY, hedge_enabled: false });
    expect(intake.submitted).toHaveLength(1);
    expect(intake.submitted[0]).toMatchObject({
      source: 'execute-signal',
      strategy: 'execute-signal',
      side: 'SELL',
      entry: 118_40,
      stop: 153_90,
      targets: [82_90, 47_40],
      sizing: { kind: 'quantity', quantity: 150 },
      receivedAt: T0,
    });
    expect(intake.submitted[0]?.instrument.tradingSymbol).toBe(MAIN_CE);
    expect(intake.submitted[0]?.hedge).toBeUndefined();
    expect(intake.submitted[0]?.atMarket).toBeUndefined();
  });

  it("sends a BUY's main leg with its stop below and targets above", async () => {
    const { execute, intake } = setup();
    await execute({ ...BODY, signal: 'BUY', option_type: 'PE', hedge_enabled: false });
    expect(intake.submitted[0]).toMatchObject({
      side: 'BUY',
      entry: 118_40,
      stop: 82_90,
      targets: [153_90, 189_40],
    });
    expect(intake.submitted[0]?.instrument.tradingSymbol).toBe(MAIN_PE);
  });

  it('puts an off-tick entry on the tick, never worse than asked', async () => {
    const buy = setup();
    await buy.execute({ ...BODY, signal: 'BUY', entry_price: 100.03, hedge_enabled: false });
    expect(buy.intake.submitted[0]?.entry).toBe(100_00);
    const sell = setup();
    await sell.execute({ ...BODY, entry_price: 100.03, hedge_enabled: false });
    expect(sell.intake.submitted[0]?.entry).toBe(100_05);
  });

  it('takes the stop and target percentages as options', async () => {
    const { execute, intake } = setup({ options: { stopPct: 50, tp1Pct: 20, tp2Pct: 40 } });
    await execute({ ...BODY, signal: 'BUY', entry_price: 100, hedge_enabled: false });
    expect(intake.submitted[0]).toMatchObject({ stop: 50_00, targets: [120_00, 140_00] });
  });

  it('buys the hedge first, at market, and sends the main leg only once it is filled', async () => {
    const { execute, intake } = setup();
    const reply = await execute();
    expect(intake.calls).toEqual([
      `livePrice ${HEDGE_CE}`,
      `submit ${HEDGE_CE}`,
      'await g1',
      `submit ${MAIN_CE}`,
      'link g2 g1',
      'await g2',
    ]);
    expect(intake.submitted[0]).toMatchObject({
      source: 'execute-signal',
      side: 'BUY',
      hedge: true,
      atMarket: true,
      targets: [],
      stop: 5,
      entry: 3_20,
      sizing: { kind: 'quantity', quantity: 150 },
    });
    expect(intake.submitted[1]?.correlationId).toBe('corr-1');
    expect(intake.links).toEqual([['g2', 'g1']]);
    expect(reply.body).toMatchObject({
      status: 'FILLED',
      order_id: `order-${MAIN_CE}`,
      hedge_order_id: `order-${HEDGE_CE}`,
    });
  });

  it('hedges a PE with the put 500 points lower', async () => {
    const { execute, intake } = setup();
    await execute({ ...BODY, option_type: 'PE' });
    expect(intake.submitted.map((e) => e.instrument.tradingSymbol)).toEqual([HEDGE_PE, MAIN_PE]);
  });

  it('takes the hedge distance as an option', async () => {
    const { execute, intake } = setup({
      options: { hedgeDistancePoints: 300 },
      livePrices: { [symbolOf(24300, 'CE', EXPIRY)]: paise(9_00) },
    });
    await execute();
    expect(intake.submitted[0]?.instrument.tradingSymbol).toBe(symbolOf(24300, 'CE', EXPIRY));
  });

  it('uses the nearest expiry for today', async () => {
    const { execute, intake } = setup({
      options: { todayIst: () => '2026-03-31' },
      livePrices: { [symbolOf(24500, 'CE', '2026-04-07')]: paise(3_00) },
    });
    await execute();
    expect(intake.submitted.map((e) => e.instrument.expiry)).toEqual(['2026-04-07', '2026-04-07']);
  });
});

describe('execute-signal: the main leg is never sent without its hedge', () => {
  it('flattens a hedge not filled in time and sends nothing else', async () => {
    const { execute, intake } = setup({ legs: { [HEDGE_CE]: NOT_FILLED } });
    const reply = await execute();
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({
      status: 'REJECTED',
      order_id: null,
      hedge_order_id: `order-${HEDGE_CE}`,
      execution_price: null,
      slippage: { slippage_points: null, favorable: false },
    });
    expect(JSON.stringify(reply.body)).toContain('not filled within 3000 ms');
    expect(intake.submitted.map((e) => e.instrument.tradingSymbol)).toEqual([HEDGE_CE]);
    expect(intake.flattened.map(([group]) => group)).toEqual(['g1']);
  });

  it('flattens a partly filled hedge', async () => {
    const { execute, intake } = setup({
      legs: {
        [HEDGE_CE]: {
          progress: () => ({ status: 'OPEN', filledQuantity: 75, averagePrice: paise(3_20) }),
        },
      },
    });
    const reply = await execute();
    expect(reply.body).toMatchObject({ status: 'REJECTED', order_id: null });
    expect(intake.calls).not.toContain(`submit ${MAIN_CE}`);
    expect(intake.flattened.map(([group]) => group)).toEqual(['g1']);
  });

  it('sends nothing more when the hedge is refused by the risk gates', async () => {
    const { execute, intake } = setup({
      legs: { [HEDGE_CE]: { refusal: { code: 'RISK_GATE', reason: 'HEAT_LIMIT' } } },
    });
    const reply = await execute();
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({ status: 'REJECTED', order_id: null, hedge_order_id: null });
    expect(JSON.stringify(reply.body)).toContain('HEAT_LIMIT');
    expect(intake.submitted).toHaveLength(1);
    expect(intake.flattened).toEqual([]);
  });

  it('sends nothing without a live price for the hedge', async () => {
    const { execute, intake } = setup({ livePrices: {} });
    const reply = await execute();
    expect(reply.body).toMatchObject({ status: 'REJECTED' });
    expect(JSON.stringify(reply.body)).toContain('no live price');
    expect(intake.submitted).toEqual([]);
  });

  it('refuses a hedge under ten ticks (its stop would sell it at once) and sends nothing', async () => {
    const { execute, intake } = setup({ livePrices: { [HEDGE_CE]: paise(45) } });
    const reply = await execute();
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({ status: 'REJECTED', order_id: null, hedge_order_id: null });
    expect(JSON.stringify(reply.body)).toContain('too cheap to hold as a hedge');
    expect(intake.submitted).toEqual([]);
    const fine = setup({ livePrices: { [HEDGE_CE]: paise(50) } });
    expect((await fine.execute()).body).toMatchObject({ status: 'FILLED' });
  });

  it('sends nothing when the chain has no hedge strike', async () => {
    const { execute, intake } = setup();
    const reply = await execute({ ...BODY, strike: 24600 });
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({ status: 'REJECTED', order_id: null, hedge_order_id: null });
    expect(intake.calls).toEqual([]);
  });

  it('flattens the hedge when the main leg is refused', async () => {
    const { execute, intake } = setup({
      legs: { [MAIN_CE]: { refusal: { code: 'SLIPPAGE', reason: 'SLIPPAGE_TOO_HIGH' } } },
    });
    const reply = await execute();
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({
      status: 'REJECTED',
      order_id: null,
      hedge_order_id: `order-${HEDGE_CE}`,
    });
    expect(JSON.stringify(reply.body)).toContain('SLIPPAGE_TOO_HIGH');
    expect(intake.calls.slice(-2)).toEqual([`submit ${MAIN_CE}`, 'flatten g1']);
    expect(intake.links).toEqual([]);
  });

  it('flattens the hedge when the broker rejects the main leg', async () => {
    const { execute, intake } = setup({
      legs: {
        [MAIN_CE]: {
          progress: () => ({
            status: 'REJECTED',
            filledQuantity: 0,
            averagePrice: null,
            statusMessage: 'Insufficient funds',
          }),
        },
      },
    });
    const reply = await execute();
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({
      status: 'REJECTED',
      order_id: `order-${MAIN_CE}`,
      hedge_order_id: `order-${HEDGE_CE}`,
    });
    expect(JSON.stringify(reply.body)).toContain('Insufficient funds');
    expect(intake.flattened.map(([group]) => group)).toEqual(['g1']);
  });

  it('still answers when flattening the hedge fails, and says so', async () => {
    const { execute } = setup({ legs: { [HEDGE_CE]: NOT_FILLED }, flattenFails: true });
    const reply = await execute();
    expect(reply.body).toMatchObject({ status: 'REJECTED' });
    expect(JSON.stringify(reply.body)).toContain('FAILED');
  });

  it('refuses above the freeze quantity before the hedge goes out', async () => {
    const { execute, intake } = setup();
    const reply = await execute({ ...BODY, quantity: 25 });
    expect(reply.body).toMatchObject({ status: 'REJECTED' });
    expect(JSON.stringify(reply.body)).toContain('ABOVE_FREEZE_QUANTITY');
    expect(intake.calls).toEqual([]);
  });

  it('refuses an entry too small for a bracket before anything is sent', async () => {
    const { execute, intake } = setup();
    const reply = await execute({ ...BODY, entry_price: 0.05 });
    expect(reply.httpStatus).toBe(422);
    expect(reply.body).toMatchObject({ status: 'REJECTED' });
    expect(intake.calls).toEqual([]);
  });
});

describe('execute-signal: bad input', () => {
  it('answers 422 UNKNOWN_CONTRACT for a strike the chain does not list', async () => {
    const { execute, intake } = setup();
    const reply = await execute({ ...BODY, strike: 30000 });
    expect(reply.httpStatus).toBe(422);
    if (!('error' in reply.body)) throw new Error('expected an error body');
    expect(Object.keys(reply.body.error)).toEqual(['code', 'message']);
    expect(reply.body.error.code).toBe('UNKNOWN_CONTRACT');
    expect(reply.body.error.message).toContain('nearest strikes: 24850, 24900, 24950, 25000');
    expect(intake.calls).toEqual([]);
  });

  const cases: readonly [string, unknown, string][] = [
    ['signal missing', { ...BODY, signal: undefined }, 'signal'],
    ['signal not BUY/SELL', { ...BODY, signal: 'HOLD' }, 'signal'],
    ['strike off the 50 grid', { ...BODY, strike: 24025 }, 'strike'],
    ['strike negative', { ...BODY, strike: -24000 }, 'strike'],
    ['strike as text', { ...BODY, strike: '24000' }, 'strike'],
    ['option_type unknown', { ...BODY, option_type: 'FUT' }, 'option_type'],
    ['quantity zero', { ...BODY, quantity: 0 }, 'quantity'],
    ['quantity fractional', { ...BODY, quantity: 1.5 }, 'quantity'],
    ['entry_price zero', { ...BODY, entry_price: 0 }, 'entry_price'],
    ['entry_price three decimals', { ...BODY, entry_price: 118.405 }, 'entry_price'],
    ['entry_price missing', { ...BODY, entry_price: undefined }, 'entry_price'],
    ['hedge_enabled as text', { ...BODY, hedge_enabled: 'yes' }, 'hedge_enabled'],
    ['an unknown key', { ...BODY, hedge: true }, 'hedge'],
    ['no object at all', null, 'body'],
  ];

  it.each(cases)('%s → 400 naming the field', async (_name, body, field) => {
    const { execute, intake } = setup();
    const reply = await execute(body);
    expect(reply.httpStatus).toBe(400);
    if (!('error' in reply.body)) throw new Error('expected an error body');
    const error = reply.body.error;
    expect(Object.keys(error)).toEqual(['code', 'message', 'field', 'issues']);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(field);
    expect('field' in error && error.field).toBe(field);
    expect('issues' in error && error.issues.map((issue) => issue.field)).toContain(field);
    expect(intake.calls).toEqual([]);
  });
});

describe('createSignalExecutor', () => {
  it('refuses impossible options at start-up', () => {
    const clock = new VirtualClock(T0);
    const intake = createFakeIntake({ master: MASTER, clock });
    const create = (options: Partial<SignalExecutorOptions>) =>
      createSignalExecutor({
        intake,
        clock,
        logger,
        options: { maxLatencyMs: 500, todayIst: () => TODAY, ...options },
      });
    expect(() => create({})).not.toThrow();
    expect(() => create({ stopPct: 100 })).toThrow(RangeError);
    expect(() => create({ fillTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => create({ hedgeDistancePoints: -500 })).toThrow(RangeError);
    expect(() => create({ maxLatencyMs: -1 })).toThrow(RangeError);
  });
});
