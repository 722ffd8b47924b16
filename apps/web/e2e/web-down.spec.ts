import { checkReliability } from '@kavach/testkit';
import { SMOKE, authFile, buyThroughWebhook, expect, test } from './fixtures';

test.use({ storageState: authFile('admin') });

test(
  'a dashboard process dies: the engine trades on, the other replica stays live',
  SMOKE,
  async ({ page, stack, sim }) => {
    const pid = stack.webReplicaPid;
    test.skip(pid === undefined || pid === null, 'distributed topology only');
    if (pid === undefined || pid === null) return;

    await checkReliability(
      {
        area: 'infrastructure',
        fault: 'kill -9 of a dashboard replica mid-session (separate processes)',
        expected:
          'the engine is unaffected: a new entry fills at the broker; the other replica shows it live',
        source: import.meta.url,
      },
      async () => {
        await page.goto('/');
        await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
        process.kill(pid, 'SIGKILL');
        const sent = performance.now();
        await buyThroughWebhook(stack, sim, 'TCS', 3);
        const row = page.getByTestId('position-row').filter({ hasText: 'TCS' });
        await expect(row).toBeVisible({ timeout: 30_000 });
        const alertToScreenMs = Math.round(performance.now() - sent);
        await expect.poll(async () => (await sim.netPositions()).TCS, { timeout: 30_000 }).toBe(3);
        return { alertToScreenMs };
      },
    );
  },
);
