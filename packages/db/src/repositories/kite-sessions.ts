import { openSecret, sealSecret } from '../sealed-secret';
import type { DbClient } from './db-client';

export interface KiteSessionRecord {
  readonly account: string;
  readonly userId: string;
  readonly accessToken: string;
  readonly createdAt: Date;
}

/** Keeps the account's latest Kite session, its access token sealed under `key`. */
export async function saveKiteSession(
  db: DbClient,
  session: KiteSessionRecord,
  key: string,
): Promise<void> {
  const data = {
    userId: session.userId,
    accessToken: sealSecret(session.accessToken, key),
    createdAt: session.createdAt,
  };
  await db.kiteSession.upsert({
    where: { account: session.account },
    create: { account: session.account, ...data },
    update: data,
  });
}

/**
 * The account's stored session if it was created at or after `notBefore` (Kite's last daily
 * expiry) and opens under `key`; null otherwise.
 */
export async function readKiteSession(
  db: DbClient,
  account: string,
  key: string,
  notBefore: Date,
): Promise<KiteSessionRecord | null> {
  const row = await db.kiteSession.findUnique({ where: { account } });
  if (row === null || row.createdAt < notBefore) return null;
  const accessToken = openSecret(row.accessToken, key);
  if (accessToken === null) return null;
  return { account, userId: row.userId, accessToken, createdAt: row.createdAt };
}
