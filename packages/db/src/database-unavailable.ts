import { Prisma } from './generated/prisma/client';

/** Prisma's codes for "the server is not there" (connect, timeout, closed, pool exhausted). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver adapter error kinds with the same meaning. */
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TlsConnectionError',
]);
/**
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crash, not yet accepting)
 * and Node's socket errors.
 */
const CONNECTION_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

/**
 * Whether `error` says PostgreSQL cannot be reached right now (down, restarting, cut off), as
 * opposed to refusing this statement. The first kind passes; the second will not by retrying.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 6; depth += 1) {
    if (current instanceof Prisma.PrismaClientInitializationError) return true;
    const code = pick(current, 'code');
    if (typeof code === 'string') {
      if (PRISMA_CODES.has(code) || CONNECTION_CODES.has(code) || code.startsWith('08')) {
        return true;
      }
    }
    const kind = pick(pick(pick(current, 'meta'), 'driverAdapterError'), 'cause');
    if (ADAPTER_KINDS.has(String(pick(kind, 'kind')))) return true;
    if (ADAPTER_KINDS.has(String(pick(current, 'kind')))) return true;
    const message = pick(current, 'message');
    if (typeof message === 'string' && /Connection terminated/i.test(message)) return true;
    current = pick(current, 'cause');
  }
  return false;
}

function pick(value: unknown, property: string): unknown {
  return typeof value === 'object' && value !== null && property in value
    ? (value as Record<string, unknown>)[property]
    : undefined;
}
