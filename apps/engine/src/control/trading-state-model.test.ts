import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from './ports';
import {
  AUTO_PAUSE_CODES,
  INITIAL_SNAPSHOT,
  type StateChangeRow,
  type StateIntent,
  type TradingStateSnapshot,
  decideIntent,
  intentFromRow,
  replayRows,
} from './trading-state-model';

const trader: Actor = { type: 'USER', name: 'trader@example.com' };
const engine: Actor = { type: 'SYSTEM', name: 'auto-pause' };

function run(intents: readonly StateIntent[]): {
  snapshot: TradingStateSnapshot;
  rows: StateChangeRow[];
} {
  let snapshot = INITIAL_SNAPSHOT;
  const rows: StateChangeRow[] = [];
  for (const intent of intents) {
    const outcome = decideIntent(snapshot, intent);
    if (outcome.kind === 'CHANGED') {
      snapshot = outcome.next;
      rows.push(outcome.row);
    }
  }
  return { snapshot, rows };
}

const at = (n: number) => 1_780_000_000_000 + n * 1000;

describe('decideIntent', () => {
  it('pauses, collects reasons as a set, and resumes for a person only', () => {
    const { snapshot, rows } = run([
      { kind: 'PAUSE', code: 'DAILY_LOSS_STOP', message: 'loss ₹5,000', actor: engine, at: at(1) },
      { kind: 'PAUSE', code: 'DAILY_LOSS_STOP', message: 'loss ₹5,100', actor: engine, at: at(2) },
      { kind: 'PAUSE', code: 'HEAT_LIMIT', message: 'heat 6%', actor: engine, at: at(3) },
      { kind: 'RESUME', message: 'engine tries', actor: engine, at: at(4) },
    ]);
    expect(snapshot.state).toBe('PAUSED');
    expect(snapshot.since).toBe(at(1));
    expect(snapshot.reasons.map((r) => [r.code, r.message])).toEqual([
      ['DAILY_LOSS_STOP', 'loss ₹5,000'],
      ['HEAT_LIMIT', 'heat 6%'],
    ]);
    expect(rows).toHaveLength(2);

    const refused = decideIntent(snapshot, {
      kind: 'RESUME',
      message: 'x',
      actor: engine,
      at: at(5),
    });
    expect(refused).toMatchObject({ kind: 'REFUSED', code: 'USER_REQUIRED' });

    const resumed = decideIntent(snapshot, {
      kind: 'RESUME',
      message: 'checked',
      actor: trader,
      at: at(6),
    });
    expect(resumed).toMatchObject({
      kind: 'CHANGED',
      next: { state: 'ACTIVE', reasons: [], halt: null, since: at(6) },
      row: { state: 'ACTIVE', previousState: 'PAUSED', reason: 'RESUMED: checked' },
    });
  });

  it('records a new manual reason but not the same words twice', () => {
    const first = run([
      { kind: 'PAUSE', code: 'MANUAL', message: 'lunch', actor: trader, at: at(1) },
      { kind: 'PAUSE', code: 'MANUAL', message: 'lunch', actor: trader, at: at(2) },
      { kind: 'PAUSE', code: 'MANUAL', message: 'news at 14:00', actor: trader, at: at(3) },
    ]);
    expect(first.rows.map((r) => r.reason)).toEqual(['MANUAL: lunch', 'MANUAL: news at 14:00']);
    expect(first.snapshot.reasons).toHaveLength(1);
  });

  it('halts from any state, refuses resume while halted, and resets to PAUSED', () => {
    const { snapshot } = run([
      { kind: 'PAUSE', code: 'HEAT_LIMIT', message: 'heat', actor: engine, at: at(1) },
      { kind: 'HALT', message: 'flatten button', actor: trader, at: at(2) },
      { kind: 'HALT', message: 'pressed again', actor: trader, at: at(3) },
      { kind: 'RESUME', message: 'go', actor: trader, at: at(4) },
    ]);
    expect(snapshot).toMatchObject({
      state: 'HALTED',
      since: at(2),
      halt: { message: 'flatten button', actor: trader },
    });
    expect(
      decideIntent(snapshot, { kind: 'RESUME', message: 'go', actor: trader, at: at(5) }),
    ).toMatchObject({ kind: 'REFUSED', code: 'HALTED' });
    expect(
      decideIntent(snapshot, { kind: 'RESET', message: 'ok', actor: engine, at: at(5) }),
    ).toMatchObject({ kind: 'REFUSED', code: 'USER_REQUIRED' });

    const reset = decideIntent(snapshot, {
      kind: 'RESET',
      message: 'looked at it',
      actor: trader,
      at: at(6),
    });
    expect(reset.kind).toBe('CHANGED');
    if (reset.kind !== 'CHANGED') return;
    expect(reset.next.state).toBe('PAUSED');
    expect(reset.next.halt).toBeNull();
    expect(reset.next.reasons.map((r) => r.code)).toEqual(['HEAT_LIMIT', 'KILL_SWITCH_RESET']);
    expect(
      decideIntent(reset.next, { kind: 'RESET', message: 'again', actor: trader, at: at(7) }),
    ).toMatchObject({ kind: 'REFUSED', code: 'NOT_HALTED' });
  });

  it('keeps pause reasons that arrive while halted', () => {
    const { snapshot, rows } = run([
      { kind: 'HALT', message: 'kill', actor: trader, at: at(1) },
      {
        kind: 'PAUSE',
        code: 'SESSION_EXPIRED',
        message: 'token expired',
        actor: engine,
        at: at(2),
      },
    ]);
    expect(snapshot.state).toBe('HALTED');
    expect(snapshot.since).toBe(at(1));
    expect(snapshot.reasons.map((r) => r.code)).toEqual(['SESSION_EXPIRED']);
    expect(rows.at(-1)).toMatchObject({ state: 'HALTED', previousState: 'HALTED' });
  });
});

describe('replayRows', () => {
  it('restores HALTED from a row whose reason it cannot read', () => {
    const row: StateChangeRow = {
      state: 'HALTED',
      previousState: 'ACTIVE',
      reason: 'garbled',
      actor: trader,
      at: at(1),
    };
    expect(intentFromRow(row).kind).toBe('HALT');
    expect(replayRows(INITIAL_SNAPSHOT, [row])).toMatchObject({ state: 'HALTED' });
  });

  it('lets the last row decide when the history is inconsistent', () => {
    const rows: StateChangeRow[] = [
      { state: 'PAUSED', previousState: 'ACTIVE', reason: '???', actor: trader, at: at(1) },
      {
        state: 'PAUSED',
        previousState: 'HALTED',
        reason: 'KILL_SWITCH_RESET: never halted',
        actor: trader,
        at: at(2),
      },
    ];
    const snapshot = replayRows(INITIAL_SNAPSHOT, rows);
    expect(snapshot.state).toBe('PAUSED');
    expect(snapshot.reasons.length).toBeGreaterThan(0);
  });
});

const actorArb: fc.Arbitrary<Actor> = fc.record({
  type: fc.constantFrom('USER' as const, 'SYSTEM' as const),
  name: fc.constantFrom('trader', 'auto-pause', 'eod', 'ops: on call'),
});

const messageArb = fc.oneof(fc.constantFrom('lunch', 'heat', 'news: RBI'), fc.string());

const intentsArb: fc.Arbitrary<StateIntent[]> = fc
  .array(
    fc.oneof(
      fc.record({
        kind: fc.constant('PAUSE' as const),
        code: fc.constantFrom('MANUAL' as const, ...AUTO_PAUSE_CODES),
        message: messageArb,
        actor: actorArb,
      }),
      fc.record({ kind: fc.constant('HALT' as const), message: messageArb, actor: actorArb }),
      fc.record({ kind: fc.constant('RESUME' as const), message: messageArb, actor: actorArb }),
      fc.record({ kind: fc.constant('RESET' as const), message: messageArb, actor: actorArb }),
    ),
    { maxLength: 40 },
  )
  .map((list) => list.map((intent, index) => ({ ...intent, at: at(index) })));

describe('trading state properties', () => {
  it('keeps its invariants', () => {
    fc.assert(
      fc.property(intentsArb, (intents) => {
        const { snapshot } = run(intents);
        if (snapshot.state === 'ACTIVE') {
          expect(snapshot.reasons).toEqual([]);
          expect(snapshot.halt).toBeNull();
        }
        if (snapshot.state === 'PAUSED') {
          expect(snapshot.reasons.length).toBeGreaterThan(0);
          expect(snapshot.halt).toBeNull();
        }
        if (snapshot.state === 'HALTED') expect(snapshot.halt).not.toBeNull();
        expect(new Set(snapshot.reasons.map((r) => r.code)).size).toBe(snapshot.reasons.length);
      }),
    );
  });

  it('never lets the engine lift a restriction on its own', () => {
    const rank = { ACTIVE: 0, PAUSED: 1, HALTED: 2 } as const;
    fc.assert(
      fc.property(intentsArb, (intents) => {
        let snapshot = INITIAL_SNAPSHOT;
        for (const intent of intents) {
          const outcome = decideIntent(snapshot, intent);
          if (outcome.kind !== 'CHANGED') continue;
          if (intent.actor.type === 'SYSTEM') {
            expect(rank[outcome.next.state]).toBeGreaterThanOrEqual(rank[snapshot.state]);
          }
          if (snapshot.state === 'HALTED' && outcome.next.state !== 'HALTED') {
            expect(intent).toMatchObject({ kind: 'RESET', actor: { type: 'USER' } });
          }
          snapshot = outcome.next;
        }
      }),
    );
  });

  it('restores exactly the live state from its stored rows', () => {
    fc.assert(
      fc.property(intentsArb, (intents) => {
        const { snapshot, rows } = run(intents);
        const lastActive = rows.findLastIndex((row) => row.state === 'ACTIVE');
        expect(replayRows(INITIAL_SNAPSHOT, rows.slice(Math.max(lastActive, 0)))).toEqual(
          rows.length === 0 ? INITIAL_SNAPSHOT : snapshot,
        );
      }),
    );
  });
});
