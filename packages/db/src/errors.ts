export type DuplicateKeyCode =
  'DUPLICATE_CLIENT_PLAN_ID' | 'DUPLICATE_CLIENT_ORDER_ID' | 'DUPLICATE_BROKER_ORDER_ID';

/** A write refused because its idempotency key is taken; nothing was written. */
export class DuplicateKeyError extends Error {
  readonly code: DuplicateKeyCode;
  /** The key that was already taken. */
  readonly key: string;

  constructor(code: DuplicateKeyCode, key: string, options?: ErrorOptions) {
    super(`${code}: ${key} already exists`, options);
    this.name = 'DuplicateKeyError';
    this.code = code;
    this.key = key;
  }
}

/** An optimistic-lock miss: the row changed since the caller read it; nothing was written. */
export class StaleVersionError extends Error {
  readonly code = 'STALE_VERSION';
  readonly entity: string;
  readonly id: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;

  constructor(entity: string, id: string, expectedVersion: number, actualVersion: number) {
    super(`${entity} ${id} is at version ${actualVersion}, not ${expectedVersion}`);
    this.name = 'StaleVersionError';
    this.entity = entity;
    this.id = id;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  readonly entity: string;
  readonly id: string;

  constructor(entity: string, id: string) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
    this.entity = entity;
    this.id = id;
  }
}

/** The same config SHA offered with different content: a caller bug, never overwritten. */
export class ConfigShaConflictError extends Error {
  readonly code = 'CONFIG_SHA_CONFLICT';
  readonly sha: string;

  constructor(sha: string) {
    super(`config ${sha} is already stored with different content`);
    this.name = 'ConfigShaConflictError';
    this.sha = sha;
  }
}
