import { describe, expect, it } from 'vitest';
import { Prisma } from './generated/prisma/client';
import { isUniqueViolation } from './unique-violation';

const KEY = { table: 'orders', column: 'client_order_id' } as const;

function p2002(meta: Record<string, unknown>) {
  return new Prisma.PrismaClientKnownRequestError('Unique constraint failed', {
    code: 'P2002',
    clientVersion: '7.10.0',
    meta,
  });
}

const adapterError = (constraint: unknown, originalMessage = '') => ({
  modelName: 'Order',
  driverAdapterError: {
    name: 'DriverAdapterError',
    cause: {
      kind: 'UniqueConstraintViolation',
      originalCode: '23505',
      originalMessage,
      constraint,
    },
  },
});

describe('isUniqueViolation', () => {
  it('reads the columns pglite-prisma-adapter reports', () => {
    expect(isUniqueViolation(p2002(adapterError({ fields: ['client_order_id'] })), KEY)).toBe(true);
    expect(isUniqueViolation(p2002(adapterError({ fields: ['broker_order_id'] })), KEY)).toBe(
      false,
    );
  });

  it('reads the index name @prisma/adapter-pg reports', () => {
    expect(
      isUniqueViolation(p2002(adapterError({ index: 'orders_client_order_id_key' })), KEY),
    ).toBe(true);
    expect(
      isUniqueViolation(p2002(adapterError({ index: 'orders_broker_order_id_key' })), KEY),
    ).toBe(false);
  });

  it('falls back to the driver message, then to the classic meta.target', () => {
    const message = 'duplicate key value violates unique constraint "orders_client_order_id_key"';
    expect(isUniqueViolation(p2002(adapterError(undefined, message)), KEY)).toBe(true);
    expect(isUniqueViolation(p2002({ target: ['client_order_id'] }), KEY)).toBe(true);
    expect(isUniqueViolation(p2002({ target: 'orders_client_order_id_key' }), KEY)).toBe(true);
  });

  it('is false for other errors', () => {
    const foreignKey = new Prisma.PrismaClientKnownRequestError('Foreign key', {
      code: 'P2003',
      clientVersion: '7.10.0',
      meta: adapterError({ fields: ['client_order_id'] }),
    });
    expect(isUniqueViolation(foreignKey, KEY)).toBe(false);
    expect(isUniqueViolation(new Error('client_order_id'), KEY)).toBe(false);
    expect(isUniqueViolation(undefined, KEY)).toBe(false);
  });
});
