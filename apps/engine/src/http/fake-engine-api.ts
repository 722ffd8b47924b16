import type { Actor, FlattenReport } from '../control/ports';
import type { ControlResult, EngineApi, ExitPositionResult, PostbackResult } from './engine-api';

export interface RecordedCall {
  readonly method: keyof EngineApi;
  readonly args: readonly unknown[];
}

export interface FakeEngineApi extends EngineApi {
  readonly calls: RecordedCall[];
  /** Control calls only (pause, resume, reset, flatten, setMode). */
  controlCalls(): RecordedCall[];
  nextControlResult: ControlResult | null;
  /** What the next POST /api/positions/exit answers; an EXITING group when null. */
  nextExitResult: ExitPositionResult | null;
  healthy: boolean;
  postbackResult: PostbackResult;
  failNext: Error | null;
}

export const FAKE_FLATTEN_REPORT: FlattenReport = {
  startedAt: 1,
  flatAt: 1,
  finishedAt: 2,
  flat: true,
  remainingPositions: 0,
  orders: [],
};

const CONTROL = new Set([
  'setSlippageConfig',
  'setTradingConfig',
  'pause',
  'resume',
  'reset',
  'flatten',
  'exitPosition',
  'setMode',
  'renewSession',
  'runReconciliation',
]);

/** An EngineApi that records what it is asked and answers as told: for HTTP tests. */
export function createFakeEngineApi(): FakeEngineApi {
  const calls: RecordedCall[] = [];
  const record = (method: keyof EngineApi, ...args: unknown[]) => {
    calls.push({ method, args });
    if (fake.failNext !== null) {
      const error = fake.failNext;
      fake.failNext = null;
      throw error;
    }
  };
  const control = (method: keyof EngineApi, actor: Actor, ...rest: unknown[]) => {
    record(method, actor, ...rest);
    return Promise.resolve(
      fake.nextControlResult ?? { ok: true as const, state: { trading: 'ACTIVE', by: actor.name } },
    );
  };
  const fake: FakeEngineApi = {
    calls,
    controlCalls: () => calls.filter((call) => CONTROL.has(call.method)),
    nextControlResult: null,
    nextExitResult: null,
    healthy: true,
    postbackResult: { ok: true },
    failNext: null,
    status: () => {
      record('status');
      return Promise.resolve({ trading: { state: 'ACTIVE' }, mode: 'PAPER' });
    },
    risk: () => {
      record('risk');
      return Promise.resolve({ heat: { used: 0, limit: 60_000_00 } });
    },
    pause: (actor, reason) => control('pause', actor, reason),
    resume: (actor, reason) => control('resume', actor, reason),
    reset: (actor) => control('reset', actor),
    flatten: (actor, reason) => {
      record('flatten', actor, reason);
      return Promise.resolve(FAKE_FLATTEN_REPORT);
    },
    exitPosition: (actor, groupId, reason) => {
      record('exitPosition', actor, groupId, reason);
      return Promise.resolve(
        fake.nextExitResult ?? { ok: true, groupId, tradingSymbol: 'INFY', status: 'EXITING' },
      );
    },
    setMode: (actor, mode, confirmation) => control('setMode', actor, mode, confirmation),
    renewSession: (actor, requestToken) => control('renewSession', actor, requestToken),
    runReconciliation: (actor) => control('runReconciliation', actor),
    slippageStats: (query) => {
      record('slippageStats', query);
      return Promise.resolve({ overall: {} });
    },
    slippageHistory: (query) => {
      record('slippageHistory', query);
      return Promise.resolve({ status: 200, body: { items: [], nextCursor: null } });
    },
    slippageConfig: () => {
      record('slippageConfig');
      return Promise.resolve({ sha: 'x' });
    },
    setSlippageConfig: (actor, body) => control('setSlippageConfig', actor, body),
    tradingConfig: () => {
      record('tradingConfig');
      return Promise.resolve({ sha: 'a'.repeat(64), source: 'FILE', config: {}, pending: null });
    },
    setTradingConfig: (actor, body) => {
      record('setTradingConfig', actor, body);
      return Promise.resolve({ status: 200, body: { ok: true, sha: 'b'.repeat(64) } });
    },
    executeSignal: (actor, body, receivedAt) => {
      record('executeSignal', actor, body, receivedAt);
      return Promise.resolve({ status: 200, body: { status: 'FILLED' } });
    },
    tradingViewWebhook: (strategyId, body, remoteAddress) => {
      record('tradingViewWebhook', strategyId, body, remoteAddress);
      return Promise.resolve({ status: 202, body: { status: 'accepted' } });
    },
    systemMetrics: () => {
      record('systemMetrics');
      return Promise.resolve({ cpu: { cores: 2 } });
    },
    reconciliationStatus: () => {
      record('reconciliationStatus');
      return Promise.resolve({ running: false, lastRun: null, blockedTokens: [] });
    },
    discrepancies: (query) => {
      record('discrepancies', query);
      return Promise.resolve({ discrepancies: [] });
    },
    receivePostback: (body) => {
      record('receivePostback', body);
      return fake.postbackResult;
    },
    health: () => {
      record('health');
      return Promise.resolve({ ok: fake.healthy, details: { db: { ok: fake.healthy } } });
    },
  };
  return fake;
}
