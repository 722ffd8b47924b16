import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KiteSimSnapshot } from '../kite-sim';
import type { SimulatorSnapshot } from '../simulator';
import { composeStateText, KITE_SIM_STATE_FORMAT, parseKiteSimState } from './kite-sim-state';
import { readStateFile, StateFileError, writeStateFile } from './state-file';
import { createStateSaver } from './state-saver';
import type { StateSource } from './state-saver';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kite-sim-state-'));
  file = join(dir, 'nested', 'state.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A source whose parts the test changes; the shapes are what the outline check needs. */
function fakeSource() {
  const world = {
    now: 1_000,
    time: 900,
    price: 150_000,
    orders: [] as unknown[],
    bars: 0,
  };
  const simulator = (): SimulatorSnapshot =>
    ({
      version: 1,
      now: world.now,
      sessionDate: '2026-11-23',
      scenario: null,
      market: { version: 1, time: world.time, advanced: true, slots: [{ last: world.price }] },
      exchange: { version: 1, orders: world.orders },
    }) as unknown as SimulatorSnapshot;
  const facade = (): KiteSimSnapshot => ({ gtt: { nextId: 100_001, records: [] }, sessions: [] });
  const source: StateSource = {
    simulator,
    facade,
    bars: () => {
      world.bars += 1;
      return { tracks: [] };
    },
  };
  return { world, source };
}

async function expectRefused(reason: RegExp): Promise<void> {
  const refused = readStateFile(file);
  await expect(refused).rejects.toBeInstanceOf(StateFileError);
  await expect(refused).rejects.toThrow(reason);
  await expect(refused).rejects.toThrow(file);
  await expect(refused).rejects.toThrow(/Move it away/);
}

describe('the state file', () => {
  it('is absent on a first start: nothing to restore', async () => {
    expect(await readStateFile(file)).toBeNull();
  });

  it('is written atomically and read back as it was', async () => {
    const { source } = fakeSource();
    const text = composeStateText({
      savedAt: '2026-11-23T05:00:00.000Z',
      simulator: JSON.stringify(source.simulator()),
      bars: JSON.stringify(source.bars()),
      facade: JSON.stringify(source.facade()),
    });
    await writeStateFile(file, text);
    await writeStateFile(file, text);
    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
    const state = await readStateFile(file);
    expect(state).toMatchObject({
      format: KITE_SIM_STATE_FORMAT,
      version: 1,
      savedAt: '2026-11-23T05:00:00.000Z',
      simulator: source.simulator(),
      facade: source.facade(),
    });
  });

  it('that is not JSON stops start-up, naming the file', async () => {
    await writeStateFile(file, '{"format": "kavach.kite-sim.state", "version": 1, "simu');
    await expectRefused(/not valid JSON/);
  });

  it('of an unknown version or another kind of document is refused, not guessed at', async () => {
    await writeStateFile(file, JSON.stringify({ format: KITE_SIM_STATE_FORMAT, version: 2 }));
    await expectRefused(/version 2 is unknown to this kite-sim \(it reads version 1\)/);
    await writeStateFile(file, JSON.stringify({ orders: [] }));
    await expectRefused(/not a kite-sim state file/);
    await writeStateFile(file, JSON.stringify({ format: KITE_SIM_STATE_FORMAT, version: 1 }));
    await expectRefused(/malformed state at savedAt/);
  });

  it('that cannot be read is refused too', async () => {
    file = dir;
    await expectRefused(/cannot be read/);
  });

  it('parses only the outline; the parts are checked by their owners', () => {
    expect(() => parseKiteSimState(null)).toThrow(/not a kite-sim state file/);
  });
});

describe('the state saver', () => {
  it('writes when something changed, not for the passing of time alone, and always on stop', async () => {
    const { world, source } = fakeSource();
    let wall = 0;
    const saver = createStateSaver({
      file,
      source,
      logger: pino({ level: 'silent' }),
      wallNow: () => wall,
      barsIntervalMs: 60_000,
      clockIntervalMs: 60_000,
    });
    expect(await saver.save()).toBe(true);
    wall += 5_000;
    world.now += 50_000;
    world.time += 50_000;
    expect(await saver.save()).toBe(false);

    world.orders = [[{ orderId: '1' }]];
    expect(await saver.save()).toBe(true);
    const written = JSON.parse(await readFile(file, 'utf8')) as { simulator: SimulatorSnapshot };
    expect(written.simulator.now).toBe(world.now);
    expect(written.simulator.exchange.orders).toEqual(world.orders);
    // The bars are re-serialised at most once a minute while running.
    expect(world.bars).toBe(1);

    // A clock that moved is written once a minute even when nothing else did.
    wall += 60_000;
    world.now += 600_000;
    expect(await saver.save()).toBe(true);
    expect(world.bars).toBe(2);
    expect(await saver.save()).toBe(false);

    await saver.stop();
    expect(world.bars).toBe(3);
    expect(await readStateFile(file)).toMatchObject({ simulator: { now: world.now } });
  });
});
