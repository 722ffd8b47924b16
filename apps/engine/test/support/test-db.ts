import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, upsertInstrument } from '@kavach/db';
import type { Db } from '@kavach/db';
import { INFY } from '@kavach/testkit';

export { INFY };

export interface TestDb {
  readonly db: Db;
  readonly infyId: string;
  readonly close: () => Promise<void>;
}

/** A migrated embedded database in a temp dir, with INFY stored. */
export async function openTestDb(): Promise<TestDb> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kavach-engine-'));
  const db = createDb({ dataDir });
  await db.migrate();
  const infyId = await upsertInstrument(db.prisma, INFY);
  return {
    db,
    infyId,
    close: async () => {
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
