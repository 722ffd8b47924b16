export { type CreateDbOptions, type Db, type DbKind, createDb, pgliteDirectory } from './client';
export {
  type ApplyMigrationsOptions,
  type MigrationErrorCode,
  type MigrationResult,
  MigrationError,
  applyMigrations,
} from './migrate';
export { type MigrationFile, checksumScript, readMigrationFiles } from './migration-files';
export {
  type DuplicateKeyCode,
  ConfigShaConflictError,
  DuplicateKeyError,
  NotFoundError,
  StaleVersionError,
} from './errors';
export { fromDbAmount, fromDbPrice, fromDbPriceOrNull, toDbAmount, toDbPrice } from './money';
export * from './repositories';
export { Prisma, type PrismaClient } from './generated/prisma/client';
export * as DbEnums from './generated/prisma/enums';
export {
  type EngineLeaseOptions,
  type HeldLease,
  type LeaseHolder,
  LeaseAbortedError,
  acquireEngineLease,
  leaseLockKey,
  readEngineLease,
} from './engine-lease';
export { isStorableText, toStorableJson, toStorableText } from './storable-json';
export { isDatabaseUnavailable } from './database-unavailable';
export { newRowId } from './row-id';
