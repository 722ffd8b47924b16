import { rupeesToPaise } from '@kavach/domain';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inputError, KiteError } from '../kite/kite-error';
import { parseInput } from '../http/parse-input';
import { booleanish } from '../http/form-fields';
import type { SimulatorControl } from '../simulator-control';

const clockBody = z.object({
  /** An instant: epoch ms, or ISO 8601 ('2026-11-23T09:15:00+05:30'). */
  set: z.union([z.number().int(), z.string().min(1)]).optional(),
  step_ms: z.coerce.number().int().min(0).optional(),
  speed: z.coerce.number().positive().optional(),
  paused: booleanish.optional(),
});

const priceBody = z
  .object({
    instrument: z.union([z.string().min(1), z.number().int().positive()]),
    price: z.coerce.number().positive().optional(),
    nudge_bps: z.coerce.number().int().optional(),
  })
  .refine((body) => (body.price === undefined) !== (body.nudge_bps === undefined), {
    path: ['price'],
  });

const marketBody = z.object({ status: z.enum(['open', 'closed', 'auto']) });
const scenarioBody = z.object({ scenario: z.unknown() });
const rejectionBody = z.object({
  count: z.coerce.number().int().positive().default(1),
  reason: z.string().min(1),
  raw: z.string().min(1).optional(),
});

function parseInstant(value: number | string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isSafeInteger(ms)) throw inputError(`Invalid \`set\`: ${String(value)}`);
  return ms;
}

/** Control errors (a clock sent backwards, an unknown instrument) are the caller's input. */
function run<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof KiteError) throw error;
    throw inputError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * /_sim controls over the simulated world; registered when a simulator is running.
 * `onNewTimeline` clears what the facade itself keeps (GTTs) on a reset or a scenario.
 */
export function registerSimulatorRoutes(
  app: FastifyInstance,
  simulator: SimulatorControl,
  onNewTimeline: () => void,
): void {
  app.get('/state', () => simulator.state());

  app.post('/clock', (request) => {
    const body = parseInput(clockBody, request.body);
    run(() => {
      if (body.set !== undefined) simulator.setClock(parseInstant(body.set));
      if (body.step_ms !== undefined) simulator.stepClock(body.step_ms);
      if (body.speed !== undefined) simulator.setSpeed(body.speed);
      if (body.paused === true) simulator.pause();
      if (body.paused === false) simulator.resume();
    });
    return simulator.state();
  });

  app.post('/price', (request) => {
    const body = parseInput(priceBody, request.body);
    const token = simulator.resolveInstrument(String(body.instrument));
    if (token === undefined) throw inputError(`Unknown instrument ${String(body.instrument)}`);
    run(() => {
      if (body.price !== undefined) simulator.setPrice(token, rupeesToPaise(body.price));
      if (body.nudge_bps !== undefined) simulator.nudgePrice(token, body.nudge_bps);
    });
    return { instrument_token: token };
  });

  app.post('/market', (request) => {
    const body = parseInput(marketBody, request.body);
    simulator.setMarketStatus(body.status === 'auto' ? null : body.status);
    return simulator.state();
  });

  app.post('/reset', () => {
    run(() => {
      simulator.reset();
    });
    onNewTimeline();
    return simulator.state();
  });

  app.post('/scenario', (request) => {
    const body = parseInput(scenarioBody, request.body);
    run(() => {
      simulator.loadScenario(body.scenario);
    });
    onNewTimeline();
    return simulator.state();
  });

  app.post('/faults/orders', (request) => {
    const body = parseInput(rejectionBody, request.body);
    run(() => {
      simulator.injectRejection(
        body.raw === undefined ? { count: body.count, reason: body.reason } : body,
      );
    });
    return { armed: body.count };
  });
}
