import type { PrismaClient } from '@kavach/db';
import {
  getConfigVersion,
  listSlippageSamples,
  saveConfigVersion,
  selectSlippageSamplesSince,
} from '@kavach/db';
import type { Clock } from '@kavach/domain';
import type { ControlStore } from '../control/control-store';
import type { Actor } from '../control/ports';
import type { EngineApi } from '../http/engine-api';
import type { SlippageConfig, VersionedSlippageConfig } from './slippage-config';
import {
  DEFAULT_SLIPPAGE_CONFIG,
  slippageConfigSchema,
  versionSlippageConfig,
} from './slippage-config';
import type { SlippageManager } from './slippage-manager';
import { computeSlippageStats } from './slippage-stats';

const CONFIG_KIND = 'slippage';
const CONFIG_ACTION = 'slippage.config.applied';
/** Statistics read at most this many samples (the newest). */
const STATS_SAMPLE_LIMIT = 20_000;

export type SlippageApi = Pick<
  EngineApi,
  'slippageStats' | 'slippageHistory' | 'slippageConfig' | 'setSlippageConfig'
>;

/**
 * The slippage config in force: the last one a person applied (kept as a config version and
 * named by the audit log), else the defaults.
 */
export async function loadSlippageConfig(
  prisma: PrismaClient,
  store: Pick<ControlStore, 'lastAudit'>,
): Promise<VersionedSlippageConfig> {
  const applied = await store.lastAudit(CONFIG_ACTION);
  const sha =
    typeof applied?.payload === 'object' && applied.payload !== null && 'sha' in applied.payload
      ? applied.payload.sha
      : null;
  if (typeof sha === 'string') {
    const stored = await getConfigVersion(prisma, sha);
    const parsed = slippageConfigSchema.safeParse(
      stored === null ? null : (JSON.parse(stored.canonicalJson) as unknown),
    );
    if (parsed.success) return versionSlippageConfig(parsed.data);
  }
  return versionSlippageConfig(DEFAULT_SLIPPAGE_CONFIG);
}

export function createSlippageApi(deps: {
  readonly prisma: PrismaClient;
  readonly manager: SlippageManager;
  readonly store: Pick<ControlStore, 'appendAudit'>;
  readonly clock: Clock;
}): SlippageApi {
  const { prisma, manager, store, clock } = deps;
  return {
    slippageStats: async ({ hours }) => {
      const since = new Date(clock.now() - hours * 3_600_000);
      const rows = await selectSlippageSamplesSince(prisma, since, STATS_SAMPLE_LIMIT);
      return {
        since: since.toISOString(),
        hours,
        configSha: manager.config().sha,
        ...computeSlippageStats(rows),
      };
    },
    slippageHistory: async (query) => {
      try {
        const page = await listSlippageSamples(prisma, {
          limit: query.limit,
          cursor: query.cursor,
          strategy: query.strategy,
          check: query.check,
        });
        return { status: 200, body: page };
      } catch (error) {
        if (error instanceof RangeError) {
          return {
            status: 400,
            body: { error: { code: 'BAD_REQUEST', message: error.message, field: 'cursor' } },
          };
        }
        throw error;
      }
    },
    slippageConfig: () => {
      const { config, sha } = manager.config();
      return Promise.resolve({ sha, config, limits: manager.limits() });
    },
    setSlippageConfig: async (actor: Actor, body: unknown) => {
      const parsed = slippageConfigSchema.safeParse(body);
      if (!parsed.success) {
        return {
          ok: false,
          code: 'INVALID_CONFIG',
          message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        };
      }
      const config: SlippageConfig = parsed.data;
      const versioned = versionSlippageConfig(config);
      const previous = manager.config().sha;
      await saveConfigVersion(prisma, {
        sha: versioned.sha,
        kind: CONFIG_KIND,
        canonicalJson: versioned.canonicalJson,
        createdBy: actor.name,
      });
      manager.setConfig(config);
      await store.appendAudit({
        actor,
        action: CONFIG_ACTION,
        entity: 'config',
        entityId: versioned.sha,
        payload: { sha: versioned.sha, previous, config },
        at: clock.now(),
      });
      return { ok: true, state: { sha: versioned.sha, previous, config } };
    },
  };
}
