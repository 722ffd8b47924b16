import type { Logger, TradingConfigFile, TradingConfigResult } from '@kavach/config';
import { buildTradingConfig, tradingConfigFileSchema } from '@kavach/config';
import type { PrismaClient } from '@kavach/db';
import { appendAudit, getConfigVersion, saveConfigVersion } from '@kavach/db';
import { canonicalJson, configSha } from '@kavach/domain';
import type { Actor } from '../control/ports';

/** The config in the domain's units: the SHA every signal and decision records. */
export const TRADING_CONFIG_KIND = 'trading';
/** The same config as a person edits it (rupees, percent), to show and to rebuild from. */
export const TRADING_CONFIG_FILE_KIND = 'trading-file';
/** The audit record that points at the config stored for the next start. */
export const TRADING_CONFIG_STORED_ACTION = 'trading_config.stored';

export type BuiltTradingConfig = Extract<TradingConfigResult, { ok: true }>;

/** A config stored from the dashboard, waiting for (or already in force since) a start. */
export interface StoredTradingConfig {
  readonly sha: string;
  readonly file: TradingConfigFile;
  /** The SHA of the config file the engine had loaded when this was stored. */
  readonly basedOnFileSha: string;
  readonly storedBy: string;
  readonly storedAt: number;
}

/** Which config the engine runs on, and why. */
export interface TradingConfigInForce {
  readonly sha: string;
  readonly file: TradingConfigFile;
  readonly source: 'FILE' | 'STORED';
  /** TRADING_CONFIG. */
  readonly path: string;
  /** The SHA of the file's config at this start, whichever was chosen. */
  readonly fileSha: string;
}

/**
 * Stores a validated config for the next start: both forms as config versions (idempotent),
 * then the audit record that points at them. The pointer goes last, so a failure half-way
 * leaves only unreferenced versions behind, never a pointer to a missing one.
 */
export async function storeTradingConfig(
  prisma: PrismaClient,
  request: {
    readonly built: BuiltTradingConfig;
    readonly basedOnFileSha: string;
    readonly previousSha: string;
    readonly actor: Actor;
    readonly at: number;
  },
): Promise<void> {
  const { built, actor } = request;
  const fileJson = canonicalJson(built.file);
  const fileSha = configSha(built.file);
  await saveConfigVersion(prisma, {
    sha: built.sha,
    kind: TRADING_CONFIG_KIND,
    canonicalJson: built.canonicalJson,
    createdBy: actor.name.slice(0, 128),
  });
  await saveConfigVersion(prisma, {
    sha: fileSha,
    kind: TRADING_CONFIG_FILE_KIND,
    canonicalJson: fileJson,
    createdBy: actor.name.slice(0, 128),
  });
  await appendAudit(prisma, {
    actorType: actor.type,
    actor: actor.name.slice(0, 128),
    action: TRADING_CONFIG_STORED_ACTION,
    entity: 'config',
    entityId: built.sha,
    payload: {
      sha: built.sha,
      fileSha,
      basedOnFileSha: request.basedOnFileSha,
      previous: request.previousSha,
      appliesAt: 'NEXT_START',
    },
    at: new Date(request.at),
  });
}

/** The config last stored from the dashboard, or null (none, or its versions are unreadable). */
export async function readStoredTradingConfig(
  prisma: PrismaClient,
): Promise<StoredTradingConfig | null> {
  // By id (UUIDv7, written in order), not by `at`: on kite-sim `at` is the simulated clock's.
  const row = await prisma.auditLog.findFirst({
    where: { action: TRADING_CONFIG_STORED_ACTION },
    orderBy: { id: 'desc' },
  });
  if (row === null) return null;
  const pointer = readPointer(row.payload);
  if (pointer === null) return null;
  const version = await getConfigVersion(prisma, pointer.fileSha);
  if (version?.kind !== TRADING_CONFIG_FILE_KIND) return null;
  const file = tradingConfigFileSchema.safeParse(JSON.parse(version.canonicalJson) as unknown);
  if (!file.success) return null;
  return {
    sha: pointer.sha,
    file: file.data,
    basedOnFileSha: pointer.basedOnFileSha,
    storedBy: row.actor,
    storedAt: row.at.getTime(),
  };
}

function readPointer(
  payload: unknown,
): { sha: string; fileSha: string; basedOnFileSha: string } | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { sha, fileSha, basedOnFileSha } = payload as Record<string, unknown>;
  return typeof sha === 'string' &&
    typeof fileSha === 'string' &&
    typeof basedOnFileSha === 'string'
    ? { sha, fileSha, basedOnFileSha }
    : null;
}

/** Whether `stored` is what the next start loads, given the file's config SHA then. */
export function isStoredConfigCurrent(stored: StoredTradingConfig, fileSha: string): boolean {
  // The file has not changed since the config was stored: the dashboard's edit is the newer one.
  return stored.basedOnFileSha === fileSha;
}

export type StartupChoice =
  | { readonly source: 'FILE'; readonly built: BuiltTradingConfig; readonly why: string }
  | {
      readonly source: 'STORED';
      readonly built: BuiltTradingConfig;
      readonly stored: StoredTradingConfig;
      readonly why: string;
    };

/**
 * The config to start on (ADR 0005): the one last stored from the dashboard when the file has
 * not changed since it was stored, and it still validates to the SHA it was stored under;
 * otherwise the file. An edit of the file after the dashboard's wins: the newer edit applies.
 */
export function chooseStartupConfig(
  file: BuiltTradingConfig,
  stored: StoredTradingConfig | null,
): StartupChoice {
  if (stored === null)
    return { source: 'FILE', built: file, why: 'no config stored from the dashboard' };
  if (!isStoredConfigCurrent(stored, file.sha)) {
    return {
      source: 'FILE',
      built: file,
      why: `the config file changed after config ${stored.sha.slice(0, 12)} was stored; the file is newer`,
    };
  }
  const rebuilt = buildTradingConfig(stored.file);
  if (!rebuilt.ok) {
    return {
      source: 'FILE',
      built: file,
      why: `stored config ${stored.sha.slice(0, 12)} no longer validates: ${rebuilt.errors.join('; ')}`,
    };
  }
  if (rebuilt.sha !== stored.sha) {
    // The schema's defaults or units changed since: what was reviewed is not what would run.
    return {
      source: 'FILE',
      built: file,
      why: `stored config ${stored.sha.slice(0, 12)} now builds to ${rebuilt.sha.slice(0, 12)}`,
    };
  }
  return {
    source: 'STORED',
    built: rebuilt,
    stored,
    why: `stored from the dashboard by ${stored.storedBy}`,
  };
}

/** Start-up: the file's config, or the newer one stored from the dashboard; logged either way. */
export async function loadStartupTradingConfig(
  prisma: PrismaClient,
  file: BuiltTradingConfig,
  path: string,
  logger: Logger,
): Promise<{ readonly built: BuiltTradingConfig; readonly inForce: TradingConfigInForce }> {
  const choice = chooseStartupConfig(file, await readStoredTradingConfig(prisma));
  const log = {
    source: choice.source,
    sha: choice.built.sha,
    fileSha: file.sha,
    path,
    why: choice.why,
  };
  if (choice.source === 'FILE' && choice.why.startsWith('stored config')) {
    logger.warn(log, 'trading config: the stored config is not used');
  } else {
    logger.info(log, 'trading config');
  }
  return {
    built: choice.built,
    inForce: {
      sha: choice.built.sha,
      file: choice.built.file,
      source: choice.source,
      path,
      fileSha: file.sha,
    },
  };
}
