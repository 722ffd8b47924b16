import { createHash } from 'node:crypto';
import { ConfigShaConflictError } from '../errors';
import type { DbClient } from './db-client';

export interface ConfigVersionInput {
  /** Lowercase hex SHA-256 of `canonicalJson` (@kavach/domain's configSha). */
  readonly sha: string;
  /** Which configuration, e.g. trading, risk, strategy:<name>. */
  readonly kind: string;
  /** The exact bytes that were hashed. */
  readonly canonicalJson: string;
  readonly createdBy: string;
  readonly createdAt?: Date;
}

export type StoredConfigVersion = Required<ConfigVersionInput>;

/**
 * Stores a config version once; saving the same one again is a no-op (`created: false`).
 * A SHA that is not the hash of `canonicalJson` is refused (RangeError), and so is a stored
 * SHA offered with another kind (ConfigShaConflictError): the table must keep vouching for
 * exactly the config each decision names.
 */
export async function saveConfigVersion(
  db: DbClient,
  version: ConfigVersionInput,
): Promise<{ sha: string; created: boolean }> {
  const actual = createHash('sha256').update(version.canonicalJson, 'utf8').digest('hex');
  if (actual !== version.sha) {
    throw new RangeError(
      `config sha ${version.sha} is not the SHA-256 of its canonical JSON (${actual})`,
    );
  }
  // ON CONFLICT DO NOTHING: concurrent savers of one config neither fail nor duplicate.
  const { count } = await db.configVersion.createMany({
    data: [
      {
        sha: version.sha,
        kind: version.kind,
        canonicalJson: version.canonicalJson,
        createdBy: version.createdBy,
        ...(version.createdAt === undefined ? {} : { createdAt: version.createdAt }),
      },
    ],
    skipDuplicates: true,
  });
  if (count === 1) return { sha: version.sha, created: true };
  const existing = await getConfigVersion(db, version.sha);
  if (existing?.canonicalJson !== version.canonicalJson || existing.kind !== version.kind) {
    throw new ConfigShaConflictError(version.sha);
  }
  return { sha: version.sha, created: false };
}

/** The SHA of the newest stored config of `kind`, or null when none is stored. */
export async function getConfigSha(db: DbClient, kind: string): Promise<string | null> {
  const row = await db.configVersion.findFirst({
    where: { kind },
    orderBy: [{ createdAt: 'desc' }, { sha: 'asc' }],
    select: { sha: true },
  });
  return row?.sha ?? null;
}

export function getConfigVersion(db: DbClient, sha: string): Promise<StoredConfigVersion | null> {
  return db.configVersion.findUnique({ where: { sha } });
}
