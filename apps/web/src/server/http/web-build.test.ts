import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isBuildFresh } from './web-build';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kavach-build-'));
  await mkdir(join(dir, 'src/app/x'), { recursive: true });
  await mkdir(join(dir, '.next'));
  await writeFile(join(dir, 'src/app/x/page.tsx'), 'export default 1');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = (path: string, seconds: number) => utimes(join(dir, path), seconds, seconds);

describe('isBuildFresh', () => {
  it('wants a build when there is none, or a source is newer than it', async () => {
    expect(await isBuildFresh(dir)).toBe(false);
    await writeFile(join(dir, '.next/BUILD_ID'), 'b1');
    await at('src/app/x/page.tsx', 1_000);
    await at('.next/BUILD_ID', 2_000);
    expect(await isBuildFresh(dir)).toBe(true);
    await at('src/app/x/page.tsx', 3_000);
    expect(await isBuildFresh(dir)).toBe(false);
  });
});
