import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import { readKiteSession, saveKiteSession } from '../src/repositories';
import { BACKENDS, type TestBackend, startBackend } from './backends';

const KEY = 'data-encryption-key-0123456789-0123456789';
const MORNING = new Date('2030-01-07T02:00:00.000Z'); // 07:30 IST
const EXPIRY = new Date('2030-01-07T00:30:00.000Z'); // 06:00 IST, Kite's daily cut

describe.each(BACKENDS)('the stored Kite session on %s', (kind) => {
  let backend: TestBackend;
  let db: Db;

  beforeAll(async () => {
    backend = await startBackend(kind);
    db = await backend.createDb();
    await db.migrate();
  });
  afterAll(async () => {
    await backend.stop();
  });

  it('keeps the latest session per account, its token sealed', async () => {
    const session = { account: 'key_a', userId: 'AB1234', createdAt: MORNING };
    await saveKiteSession(db.prisma, { ...session, accessToken: 'first-token' }, KEY);
    await saveKiteSession(db.prisma, { ...session, accessToken: 'second-token' }, KEY);
    expect(await readKiteSession(db.prisma, 'key_a', KEY, EXPIRY)).toEqual({
      ...session,
      accessToken: 'second-token',
    });
    const [row] = await db.prisma.$queryRawUnsafe<{ access_token_sealed: string }[]>(
      'SELECT access_token_sealed FROM kite_sessions',
    );
    expect(row?.access_token_sealed).not.toContain('second-token');
  });

  it('gives nothing from before the daily expiry, under another key, or for another account', async () => {
    await saveKiteSession(
      db.prisma,
      {
        account: 'key_b',
        userId: 'AB1234',
        accessToken: 'yesterday',
        createdAt: new Date(EXPIRY.getTime() - 1),
      },
      KEY,
    );
    expect(await readKiteSession(db.prisma, 'key_b', KEY, EXPIRY)).toBeNull();
    expect(await readKiteSession(db.prisma, 'key_a', `${KEY}-rotated`, EXPIRY)).toBeNull();
    expect(await readKiteSession(db.prisma, 'key_c', KEY, EXPIRY)).toBeNull();
  });
});
