import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** A client or an open transaction: repositories compose inside a caller's transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

/** JSON objects as columns take them. */
export type JsonObject = Prisma.InputJsonObject;

/** Runs `work` in a transaction, joining the caller's when `db` already is one. */
export function runInTransaction<T>(
  db: DbClient,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  return '$transaction' in db ? db.$transaction(work) : work(db);
}
