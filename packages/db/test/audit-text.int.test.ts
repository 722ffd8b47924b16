import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/client';
import { appendAudit } from '../src/repositories';
import { BACKENDS, type TestBackend, startBackend } from './backends';

describe.each(BACKENDS)('audit rows of hostile text on %s', (kind) => {
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

  it('keeps the row when the request carried NUL or a lone surrogate', async () => {
    await appendAudit(db.prisma, {
      actorType: 'USER',
      actor: 'api',
      action: 'api.pause',
      entity: 'engine',
      payload: { request: { 'reason\u0000': 'lunch\u0000', note: 'x\uD800' }, result: 'REFUSED' },
    });
    const row = await db.prisma.auditLog.findFirstOrThrow({ where: { action: 'api.pause' } });
    expect(row.payload).toEqual({
      request: { 'reason\uFFFD': 'lunch\uFFFD', note: 'x\uFFFD' },
      result: 'REFUSED',
    });
  });
});
