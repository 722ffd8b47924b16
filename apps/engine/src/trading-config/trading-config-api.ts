import { buildTradingConfig } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { EngineApi } from '../http/engine-api';
import type { TradingConfigInForce } from './trading-config-store';
import {
  isStoredConfigCurrent,
  readStoredTradingConfig,
  storeTradingConfig,
} from './trading-config-store';

export type TradingConfigApi = Pick<EngineApi, 'tradingConfig' | 'setTradingConfig'>;

/**
 * Why a stored config waits for the next start: the universe is subscribed, the strategies
 * built and the risk limits handed to the pipeline once, at start; swapping them under open
 * brackets would change the rules mid-trade (ADR 0005).
 */
export const APPLIES_AT_NEXT_START =
  'stored: the engine applies it at its next start (a running engine keeps the config it started with)';

/** "risk.maxOpenPositions: must be ≤ 1000" → its path and message, as the API reports issues. */
function toIssue(error: string): { path: string; message: string } {
  const at = error.indexOf(': ');
  return at < 0
    ? { path: '(root)', message: error }
    : { path: error.slice(0, at), message: error.slice(at + 2) };
}

/** GET and PUT /api/config/trading. */
export function createTradingConfigApi(deps: {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly inForce: TradingConfigInForce;
}): TradingConfigApi {
  const { prisma, clock, inForce } = deps;
  return {
    tradingConfig: async () => {
      const stored = await readStoredTradingConfig(prisma);
      const pending =
        stored !== null &&
        stored.sha !== inForce.sha &&
        isStoredConfigCurrent(stored, inForce.fileSha)
          ? {
              sha: stored.sha,
              config: stored.file,
              storedBy: stored.storedBy,
              storedAt: stored.storedAt,
              appliesAt: 'NEXT_START',
            }
          : null;
      return {
        sha: inForce.sha,
        source: inForce.source,
        path: inForce.path,
        fileSha: inForce.fileSha,
        config: inForce.file,
        pending,
      };
    },
    setTradingConfig: async (actor, body) => {
      const built = buildTradingConfig(body);
      if (!built.ok) {
        return {
          status: 400,
          body: {
            error: {
              code: 'INVALID_CONFIG',
              message: `the trading config is not valid (${built.errors.length} ${built.errors.length === 1 ? 'problem' : 'problems'}); nothing was stored`,
              errors: built.errors,
              issues: built.errors.map(toIssue),
            },
          },
        };
      }
      await storeTradingConfig(prisma, {
        built,
        basedOnFileSha: inForce.fileSha,
        previousSha: inForce.sha,
        actor,
        at: clock.now(),
      });
      return {
        status: 200,
        body: {
          ok: true,
          sha: built.sha,
          inForceSha: inForce.sha,
          // The same as the config in force: storing it withdraws any config waiting for a start.
          changed: built.sha !== inForce.sha,
          appliesAt: 'NEXT_START',
          message: APPLIES_AT_NEXT_START,
        },
      };
    },
  };
}
