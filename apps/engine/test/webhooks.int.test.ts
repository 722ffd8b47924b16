import { createLogger } from '@kavach/config';
import type { Instrument } from '@kavach/domain';
import { atIst, VirtualClock } from '@kavach/domain';
import { checkReliability, NIFTY_FUT } from '@kavach/testkit';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  ExitRequest,
  ExternalEntry,
  ExternalEntryOutcome,
} from '../src/orchestrator/external-entry';
import { createTradingViewWebhook } from '../src/webhooks/webhook-handler';
import type {
  TradingViewWebhookOptions,
  WebhookAnswer,
  WebhookIntake,
} from '../src/webhooks/webhook-handler';
import { INFY, openTestDb } from './support/test-db';
import type { TestDb } from './support/test-db';

const SECRET = 'orb-secret-0123456789';
const logger = createLogger('test', 'silent');

/** A BUY of INFY as a TradingView alert would post it, prices as filled-in placeholders. */
const BUY = {
  secret: SECRET,
  idempotency_key: 'INFY-2026-11-23T04:00:00Z',
  symbol: 'INFY',
  action: 'BUY',
  price: '1500.50',
  stop: '1485',
  targets: ['1520', '1540.25'],
  risk_amount: 2000,
};

interface FakeIntake extends WebhookIntake {
  readonly entries: ExternalEntry[];
  readonly exits: ExitRequest[];
  /** What the next submitEntry does; resolves to an approval unless set. */
  next: (entry: ExternalEntry) => Promise<ExternalEntryOutcome>;
}

function approve(entry: ExternalEntry): Promise<ExternalEntryOutcome> {
  return Promise.resolve({
    ok: true,
    signalId: 'sig-1',
    decisionId: 'dec-1',
    groupId: 'grp-1',
    correlationId: entry.correlationId ?? 'none',
    quantity: 133,
    sentPrice: entry.entry,
    repriced: false,
  });
}

function createFakeIntake(): FakeIntake {
  const instruments = new Map<string, Instrument>([
    ['NSE:INFY', INFY],
    ['NFO:NIFTY26NOVFUT', NIFTY_FUT],
  ]);
  const intake: FakeIntake = {
    entries: [],
    exits: [],
    next: approve,
    resolveInstrument: (exchange, symbol) => instruments.get(`${exchange}:${symbol}`),
    submitEntry: (entry) => {
      intake.entries.push(entry);
      return intake.next(entry);
    },
    exitPositions: (request) => {
      intake.exits.push(request);
      return Promise.resolve({ groups: 2 });
    },
  };
  return intake;
}

/** A promise the test settles: holds an intake call open to make deliveries overlap. */
function gate() {
  const opening: { open: () => void } = { open: () => undefined };
  const opened = new Promise<undefined>((resolve) => {
    opening.open = () => {
      resolve(undefined);
    };
  });
  return {
    opened,
    open: () => {
      opening.open();
    },
  };
}

let testDb: TestDb;
let intake: FakeIntake;
const clock = new VirtualClock(atIst('09:30', '2026-11-23'));

function webhookWith(options: Partial<TradingViewWebhookOptions> = {}) {
  return createTradingViewWebhook({
    prisma: testDb.db.prisma,
    clock,
    logger,
    secrets: { orb: SECRET, vwap: 'vwap-secret-0123456789' },
    intake,
    ...options,
  });
}

function deliveries() {
  return testDb.db.prisma.webhookDelivery.findMany({ orderBy: { receivedAt: 'asc' } });
}

function errorOf(answer: WebhookAnswer) {
  return (answer.body as { error: Record<string, unknown> }).error;
}

beforeAll(async () => {
  testDb = await openTestDb();
});

afterAll(async () => {
  await testDb.close();
});

beforeEach(async () => {
  intake = createFakeIntake();
  await testDb.db.prisma.webhookDelivery.deleteMany();
});

describe('TradingView webhook on PGlite', () => {
  it('submits a BUY in paise, answers 202 and stores the delivery without the secret', async () => {
    const answer = await webhookWith().handle('orb', BUY, '52.89.214.238');

    expect(intake.entries).toHaveLength(1);
    const entry = intake.entries[0];
    expect(entry).toMatchObject({
      source: 'webhook',
      strategy: 'tv:orb',
      instrument: INFY,
      side: 'BUY',
      entry: 150_050,
      stop: 148_500,
      targets: [152_000, 154_025],
      sizing: { kind: 'risk', riskAmount: 200_000 },
      receivedAt: clock.now(),
      features: { idempotency_key: BUY.idempotency_key, moved_to_tick: false },
    });
    expect(answer).toEqual({
      status: 202,
      body: {
        status: 'accepted',
        signal_id: 'sig-1',
        decision_id: 'dec-1',
        group_id: 'grp-1',
        quantity: 133,
        sent_price: 150_050,
        repriced: false,
        correlation_id: entry?.correlationId,
      },
    });
    const rows = await deliveries();
    expect(rows).toMatchObject([
      {
        strategyId: 'orb',
        idempotencyKey: BUY.idempotency_key,
        outcome: 'ACCEPTED',
        httpStatus: 202,
        correlationId: entry?.correlationId,
        receivedAt: new Date(clock.now()),
      },
    ]);
    expect(rows[0]?.payload).toEqual({ ...BUY, secret: undefined });
    expect(JSON.stringify(rows)).not.toContain(SECRET);
  });

  it('refuses a wrong or missing secret with 401 and submits nothing', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: "TradingView webhook with another strategy's secret, none, a number, a near miss",
        expected: '401 BAD_SECRET, nothing submitted or stored',
        source: import.meta.url,
      },
      async () => {
        const webhook = webhookWith();
        const answers = [
          await webhook.handle('orb', { ...BUY, secret: 'vwap-secret-0123456789' }, 'x'),
          await webhook.handle('orb', { ...BUY, secret: undefined }, 'x'),
          await webhook.handle('orb', { ...BUY, secret: 42 }, 'x'),
          await webhook.handle('orb', { ...BUY, secret: SECRET.slice(0, -1) }, 'x'),
          await webhook.handle('orb', { ...BUY, secret: `${SECRET} ` }, 'x'),
        ];

        for (const answer of answers) {
          expect(answer.status).toBe(401);
          expect(errorOf(answer)).toMatchObject({ code: 'BAD_SECRET' });
        }
        expect(intake.entries).toHaveLength(0);
        expect(await deliveries()).toHaveLength(0);
        return { tries: answers.length, refused: answers.length, submitted: 0 };
      },
    );
  });

  it('takes a repeated alert once and says the second is a duplicate', async () => {
    const webhook = webhookWith();
    const first = await webhook.handle('orb', BUY, 'x');
    const second = await webhook.handle('orb', { ...BUY, price: 1500.5 }, 'x');

    expect(intake.entries).toHaveLength(1);
    expect(second).toEqual({ status: 202, body: { ...(first.body as object), duplicate: true } });
    expect(await deliveries()).toHaveLength(1);
  });

  it('derives a key for an alert without one', async () => {
    const webhook = webhookWith();
    const { idempotency_key: _key, ...unkeyed } = BUY;
    await webhook.handle('orb', unkeyed, 'x');
    const again = await webhook.handle('orb', { ...unkeyed, targets: [1520, '1540.250'] }, 'x');

    expect(intake.entries).toHaveLength(1);
    expect(again.body).toMatchObject({ duplicate: true });
    const [row] = await deliveries();
    expect(row?.idempotencyKey).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps keys per strategy', async () => {
    const webhook = webhookWith();
    await webhook.handle('orb', BUY, 'x');
    const other = await webhook.handle('vwap', { ...BUY, secret: 'vwap-secret-0123456789' }, 'x');

    expect(other.status).toBe(202);
    expect(intake.entries.map((entry) => entry.strategy)).toEqual(['tv:orb', 'tv:vwap']);
  });

  it('submits two concurrent identical alerts once; the second waits for the answer', async () => {
    const hold = gate();
    intake.next = async (entry) => {
      await hold.opened;
      return approve(entry);
    };
    const webhook = webhookWith();
    const both = Promise.all([webhook.handle('orb', BUY, 'x'), webhook.handle('orb', BUY, 'x')]);
    setTimeout(hold.open, 100);
    const answers = await both;

    expect(intake.entries).toHaveLength(1);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    expect(answers.filter((answer) => 'duplicate' in (answer.body as object))).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ outcome: 'ACCEPTED' }]);
  });

  it('answers 409 IN_PROGRESS when the first delivery outlasts the wait', async () => {
    const hold = gate();
    intake.next = async (entry) => {
      await hold.opened;
      return approve(entry);
    };
    const webhook = webhookWith({ inFlightWaitMs: 50 });
    const first = webhook.handle('orb', BUY, 'x');
    await waitFor(() => intake.entries.length === 1);
    const second = await webhook.handle('orb', BUY, 'x');
    hold.open();

    expect(second.status).toBe(409);
    expect(errorOf(second)).toMatchObject({
      code: 'IN_PROGRESS',
      idempotency_key: BUY.idempotency_key,
    });
    expect((await first).status).toBe(202);
    expect(intake.entries).toHaveLength(1);
  });

  it('refuses a key reused by a different alert and trades nothing', async () => {
    const webhook = webhookWith();
    await webhook.handle('orb', BUY, 'x');
    const other = await webhook.handle('orb', { ...BUY, stop: '1480' }, 'x');

    expect(other.status).toBe(422);
    expect(errorOf(other)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(intake.entries).toHaveLength(1);
  });

  it('names the bad field of a malformed alert with 400 and stores nothing', async () => {
    const webhook = webhookWith();
    const badStop = await webhook.handle('orb', { ...BUY, stop: '1510' }, 'x');
    const typo = await webhook.handle('orb', { ...BUY, qty: 5 }, 'x');
    const notObject = await webhook.handle('orb', [BUY], 'x');

    expect(badStop.status).toBe(400);
    expect(errorOf(badStop)).toEqual({
      code: 'BAD_REQUEST',
      message: 'stop: must be below the price for a BUY',
      field: 'stop',
      issues: [{ path: 'stop', message: 'must be below the price for a BUY' }],
    });
    expect(errorOf(typo)).toMatchObject({
      field: 'qty',
      message: 'qty: is not a field of the alert',
    });
    expect(notObject.status).toBe(400);
    expect(errorOf(notObject)).toMatchObject({ code: 'BAD_REQUEST', field: null });
    expect(intake.entries).toHaveLength(0);
    expect(await deliveries()).toHaveLength(0);
  });

  it('answers 429 with a retry time once a strategy is over its limit', async () => {
    await checkReliability(
      {
        area: 'security',
        fault: 'TradingView webhook: 3 genuine alerts a minute against a limit of 2',
        expected: 'third 429 RATE_LIMITED with retry time; other strategies unaffected',
        source: import.meta.url,
      },
      rateLimitPerStrategy,
    );
  });

  async function rateLimitPerStrategy() {
    const webhook = webhookWith({ rateLimit: { points: 2, durationSec: 60 } });
    const answers: WebhookAnswer[] = [];
    for (let n = 0; n < 3; n += 1) {
      answers.push(await webhook.handle('orb', { ...BUY, idempotency_key: `k${n}` }, 'x'));
    }
    const other = await webhook.handle('vwap', { ...BUY, secret: 'vwap-secret-0123456789' }, 'x');

    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 429]);
    const limited = errorOf(answers[2]!);
    expect(limited).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.retry_after_seconds).toBeGreaterThan(0);
    expect(limited.retry_after_seconds).toBeLessThanOrEqual(60);
    expect(other.status).toBe(202);
    expect(intake.entries).toHaveLength(3);
    return {
      alerts: 3,
      limit: 2,
      limited: 1,
      retryAfterSeconds: Number(limited.retry_after_seconds),
    };
  }

  it("counts wrong secrets per sender, never against the strategy's own limit", async () => {
    await checkReliability(
      {
        area: 'security',
        fault:
          'TradingView webhook: 5 secret guesses from one address (limit 3), then a genuine alert',
        expected: 'guesses 401 then 429; the genuine sender still accepted',
        source: import.meta.url,
      },
      badSecretsPerSender,
    );
  });

  async function badSecretsPerSender() {
    const webhook = webhookWith({
      rateLimit: { points: 2, durationSec: 60 },
      badSecretLimit: { points: 3, durationSec: 60 },
    });
    const guesses: WebhookAnswer[] = [];
    for (let n = 0; n < 5; n += 1) {
      guesses.push(
        await webhook.handle('orb', { ...BUY, secret: `guess-${n}-0123456789` }, '6.6.6.6'),
      );
    }
    const genuine = await webhook.handle('orb', BUY, '52.89.214.238');

    expect(guesses.map((answer) => answer.status)).toEqual([401, 401, 401, 429, 429]);
    expect(errorOf(guesses[3]!)).toMatchObject({ code: 'RATE_LIMITED' });
    expect(genuine.status).toBe(202);
    expect(intake.entries).toHaveLength(1);
    return { guesses: 5, limit: 3, limited: 2, genuineAccepted: 1 };
  }

  it('closes a delivery left PENDING by a crash as INTERRUPTED, and never re-runs it', async () => {
    // The row a previous engine process claimed before it died mid-delivery.
    await testDb.db.prisma.webhookDelivery.create({
      data: {
        strategyId: 'orb',
        idempotencyKey: BUY.idempotency_key,
        payload: { ...BUY, secret: undefined },
        outcome: 'PENDING',
        httpStatus: 0,
        response: {},
        correlationId: 'corr-crashed',
        receivedAt: new Date(clock.now() - 60_000),
      },
    });
    const webhook = webhookWith({ inFlightWaitMs: 50 });
    const resent = await webhook.handle('orb', BUY, 'x');
    const again = await webhook.handle('orb', BUY, 'x');

    expect(resent.status).toBe(409);
    expect(errorOf(resent)).toMatchObject({ code: 'INTERRUPTED', correlation_id: 'corr-crashed' });
    expect(again).toEqual({ status: 409, body: { ...(resent.body as object), duplicate: true } });
    expect(intake.entries).toHaveLength(0);
    expect(await deliveries()).toMatchObject([{ outcome: 'FAILED', httpStatus: 409 }]);
  });

  it('answers 404 for an unknown strategy, inherited names included', async () => {
    const webhook = webhookWith();
    for (const id of ['nope', 'constructor', '__proto__']) {
      const answer = await webhook.handle(id, BUY, 'x');
      expect(answer.status).toBe(404);
      expect(errorOf(answer)).toMatchObject({ code: 'UNKNOWN_STRATEGY' });
    }
    expect(intake.entries).toHaveLength(0);
  });

  it('passes EXIT to exitPositions', async () => {
    const answer = await webhookWith().handle(
      'orb',
      { secret: SECRET, symbol: 'NIFTY26NOVFUT', exchange: 'NFO', action: 'exit', comment: 'eod' },
      'x',
    );

    expect(intake.exits).toEqual([
      { strategy: 'tv:orb', instrument: NIFTY_FUT, reason: 'TradingView EXIT alert: eod' },
    ]);
    expect(intake.entries).toHaveLength(0);
    expect(answer).toMatchObject({ status: 200, body: { status: 'exited', groups: 2 } });
    expect(await deliveries()).toMatchObject([{ outcome: 'ACCEPTED', httpStatus: 200 }]);
  });

  it('stores a refusal by the risk gates as REJECTED and answers it again from the store', async () => {
    intake.next = (entry) =>
      Promise.resolve({
        ok: false,
        code: 'RISK_GATE',
        reason: 'HEAT_LIMIT',
        message: 'open risk would exceed the heat limit',
        signalId: 'sig-2',
        decisionId: 'dec-2',
        correlationId: entry.correlationId ?? 'none',
      });
    const webhook = webhookWith();
    const answer = await webhook.handle('orb', BUY, 'x');
    const again = await webhook.handle('orb', BUY, 'x');

    expect(answer.status).toBe(422);
    expect(errorOf(answer)).toMatchObject({
      code: 'REFUSED',
      refused_by: 'RISK_GATE',
      reason: 'HEAT_LIMIT',
      message: 'open risk would exceed the heat limit',
      signal_id: 'sig-2',
      decision_id: 'dec-2',
    });
    expect(again).toEqual({ status: 422, body: { ...(answer.body as object), duplicate: true } });
    expect(intake.entries).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ outcome: 'REJECTED', httpStatus: 422 }]);
  });

  it('stores an intake failure as FAILED and does not retry it under the same key', async () => {
    intake.next = () => Promise.reject(new Error('database gone'));
    const webhook = webhookWith();
    const answer = await webhook.handle('orb', BUY, 'x');
    intake.next = approve;
    const again = await webhook.handle('orb', BUY, 'x');

    expect(answer.status).toBe(500);
    expect(errorOf(answer)).toMatchObject({ code: 'INTERNAL' });
    expect(again.status).toBe(500);
    expect(again.body).toMatchObject({ duplicate: true });
    expect(intake.entries).toHaveLength(1);
    expect(await deliveries()).toMatchObject([{ outcome: 'FAILED', httpStatus: 500 }]);
  });

  it('answers 422 UNKNOWN_INSTRUMENT naming the symbol', async () => {
    const answer = await webhookWith().handle('orb', { ...BUY, symbol: 'INFOSYS' }, 'x');

    expect(answer.status).toBe(422);
    expect(errorOf(answer)).toMatchObject({ code: 'UNKNOWN_INSTRUMENT', symbol: 'INFOSYS' });
    expect(errorOf(answer).message).toContain('NSE:INFOSYS');
    expect(intake.entries).toHaveLength(0);
  });

  it('moves prices onto the tick the safe way, and refuses a bracket that collapses', async () => {
    const webhook = webhookWith();
    await webhook.handle(
      'orb',
      { ...BUY, price: '1500.52', stop: '1485.01', targets: ['1520.04'] },
      'x',
    );
    const collapsed = await webhook.handle(
      'orb',
      { ...BUY, idempotency_key: 'k2', price: '1500.04', stop: '1500.01', targets: ['1520'] },
      'x',
    );

    expect(intake.entries[0]).toMatchObject({
      entry: 150_050,
      stop: 148_505,
      targets: [152_000],
      features: { alert_price_paise: 150_052, moved_to_tick: true },
    });
    expect(collapsed.status).toBe(422);
    expect(errorOf(collapsed)).toMatchObject({ code: 'INVALID_PRICES', field: 'stop' });
    expect(intake.entries).toHaveLength(1);
  });

  it('works over HTTP with a JSON body', async () => {
    const webhook = webhookWith({ rateLimit: { points: 2, durationSec: 60 } });
    const app = Fastify();
    app.post<{ Params: { strategyId: string } }>(
      '/webhooks/tradingview/:strategyId',
      async (request, reply) => {
        const answer = await webhook.handle(request.params.strategyId, request.body, request.ip);
        const retryAfter = (answer.body as { error?: { retry_after_seconds?: number } }).error
          ?.retry_after_seconds;
        if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
        return reply.code(answer.status).send(answer.body);
      },
    );
    const post = (payload: unknown) =>
      app.inject({ method: 'POST', url: '/webhooks/tradingview/orb', payload: payload as object });

    try {
      const accepted = await post(BUY);
      const duplicate = await post(BUY);
      const text = await app.inject({
        method: 'POST',
        url: '/webhooks/tradingview/orb',
        headers: { 'content-type': 'text/plain' },
        payload: '{"secret": "x", "price": {{close}}}',
      });
      const limited = await post(BUY);

      expect(accepted.statusCode).toBe(202);
      expect(accepted.json()).toMatchObject({ status: 'accepted', group_id: 'grp-1' });
      expect(duplicate.statusCode).toBe(202);
      expect(duplicate.json()).toMatchObject({ duplicate: true });
      expect(text.statusCode).toBe(400);
      expect(text.json()).toMatchObject({
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(/not valid JSON/) as unknown },
      });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(intake.entries).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('refuses a configuration it could not serve', () => {
    expect(() => webhookWith({ secrets: { orb: '' } })).toThrow(/no secret/);
    expect(() => webhookWith({ secrets: { 'tv orb': SECRET } })).toThrow(/strategy id/);
    expect(() => webhookWith({ secrets: { ['x'.repeat(62)]: SECRET } })).toThrow(/strategy id/);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 200) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
