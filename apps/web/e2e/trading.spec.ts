import {
  SMOKE,
  authFile,
  buyThroughWebhook,
  collectCspRefusals,
  expect,
  screenshotPath,
  test,
} from './fixtures';

test.use({ storageState: authFile('admin') });

test.describe.serial('trading from the dashboard', () => {
  test('live LTP and P&L move with the simulated market', SMOKE, async ({ page, stack, sim }) => {
    await page.goto('/');
    await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
    await buyThroughWebhook(stack, sim, 'INFY', 10);
    const row = page.getByTestId('position-row').filter({ hasText: 'INFY' });
    await expect(row).toBeVisible({ timeout: 30_000 });

    const ltp = row.getByTestId('position-ltp');
    const pnl = page.getByTestId('pnl-today');
    const ltpBefore = await ltp.textContent();
    const pnlBefore = await pnl.textContent();
    await sim.nudge('INFY', 40);
    await expect(ltp).not.toHaveText(ltpBefore ?? '');
    await expect(pnl).not.toHaveText(pnlBefore ?? '');
  });

  test(
    'pause and resume, seen live in a second browser',
    SMOKE,
    async ({ page, browser, stack }) => {
      const second = await browser.newContext({ storageState: authFile('admin') });
      const other = await second.newPage();
      const refused = collectCspRefusals(other);
      // Distributed: the second browser is on the other dashboard replica.
      await other.goto(stack.webReplica ?? '/');
      await expect(other.getByTestId('trading-state')).toHaveText('ACTIVE');

      await page.goto('/');
      await page.getByRole('button', { name: 'Pause' }).click();
      await expect(page.getByTestId('trading-state')).toHaveText('PAUSED');
      await expect(other.getByTestId('trading-state')).toHaveText('PAUSED', { timeout: 5_000 });

      await page.getByRole('button', { name: 'Resume' }).click();
      await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
      await expect(other.getByTestId('trading-state')).toHaveText('ACTIVE', { timeout: 5_000 });
      expect(refused, 'Content Security Policy refusals').toEqual([]);
      await second.close();
    },
  );

  test(
    'flatten closes every position at the broker and leaves the system HALTED until reset',
    SMOKE,
    async ({ page, stack, sim }) => {
      await buyThroughWebhook(stack, sim, 'TCS', 5);
      await page.goto('/');
      await expect(page.getByTestId('position-row')).toHaveCount(2, { timeout: 30_000 });

      await page.getByRole('button', { name: 'Flatten all' }).click();
      const dialog = page.getByRole('dialog', { name: 'Flatten everything' });
      const confirm = dialog.getByRole('button', { name: 'Flatten now' });
      await expect(confirm).toBeDisabled();
      await dialog.getByLabel('Type FLATTEN to confirm').fill('FLATTEN');
      await confirm.click();
      await expect(dialog.getByRole('status')).toContainText('Flat', { timeout: 30_000 });
      await expect(dialog.getByRole('list', { name: 'Flatten outcome per order' })).toContainText(
        'DONE',
      );
      await dialog.getByRole('button', { name: 'Close' }).click();

      const net = await sim.netPositions();
      expect(Object.values(net).every((quantity) => quantity === 0)).toBe(true);
      await expect(page.getByTestId('trading-state')).toHaveText('HALTED');
      await expect(page.getByTestId('position-row')).toHaveCount(0);

      await page.getByRole('button', { name: 'Reset' }).click();
      const reset = page.getByRole('dialog', { name: 'Reset after the kill switch' });
      await reset.getByLabel('Type RESET to confirm').fill('RESET');
      await reset.getByRole('button', { name: 'Reset to PAUSED' }).click();
      await expect(page.getByTestId('trading-state')).toHaveText('PAUSED');
      await page.getByRole('button', { name: 'Resume' }).click();
      await expect(page.getByTestId('trading-state')).toHaveText('ACTIVE');
    },
  );

  test('the overview, for the README', async ({ page, stack, sim }, testInfo) => {
    await buyThroughWebhook(stack, sim, 'RELIANCE', 20);
    await page.goto('/');
    await expect(page.getByTestId('position-row')).toHaveCount(1, { timeout: 30_000 });
    await page.screenshot({
      path: screenshotPath('overview-desktop.png', (n) => testInfo.outputPath(n)),
    });
  });
});
