import { checkReliability } from '@kavach/testkit';
import { SMOKE, authFile, expect, test } from './fixtures';

test.use({ storageState: authFile('admin') });

test(
  'the dashboard keeps control when the trading engine is killed: its standby takes over',
  SMOKE,
  async ({ page, stack }) => {
    const pid = stack.enginePid;
    const standby = stack.engineStandby;
    test.skip(
      pid === undefined || pid === null || standby === undefined,
      'distributed topology only',
    );
    if (pid === undefined || pid === null || standby === undefined) return;

    await checkReliability(
      {
        area: 'infrastructure',
        fault: 'kill -9 of the trading engine, standby running (separate processes)',
        expected: 'the standby takes over; the dashboard follows it and pause/resume still work',
        source: import.meta.url,
      },
      async () => {
        await page.goto(stack.webReplica ?? '/');
        await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
        const killedAt = performance.now();
        process.kill(pid, 'SIGKILL');
        await expect
          .poll(
            async () =>
              fetch(`${standby}/healthz`).then(
                async (r) => ((await r.json()) as { status: string }).status,
                () => 'unreachable',
              ),
            { timeout: 30_000, intervals: [50] },
          )
          .toBe('ok');
        const takeoverMs = Math.round(performance.now() - killedAt);

        // The dashboard follows the lease to the engine now trading: control still works.
        await page.getByRole('button', { name: 'Pause' }).click();
        await expect(page.getByTestId('trading-state')).toHaveText('PAUSED');
        await page.getByRole('button', { name: 'Resume' }).click();
        await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
        return { takeoverMs };
      },
    );
  },
);
