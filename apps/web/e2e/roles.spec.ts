import { authFile, expect, test } from './fixtures';
import { saveSession } from './global-setup';

const VIEWER = { email: 'viewer@e2e.example', password: 'viewer-password-e2e' };

test.describe.serial('what each role may do', () => {
  test.use({ storageState: authFile('admin') });

  test('an admin adds a viewer; the viewer sees everything but cannot flatten', async ({
    page,
    browser,
    stack,
  }) => {
    const created = await page.request.post('/api/trpc/users.create', {
      headers: { origin: stack.web },
      data: { json: { name: 'Vikram', role: 'viewer', ...VIEWER } },
    });
    expect(created.status()).toBe(200);
    await saveSession(stack.web, 'viewer', VIEWER);

    const viewer = await browser.newContext({ storageState: authFile('viewer') });
    const view = await viewer.newPage();
    await view.goto(`${stack.web}/`);
    await expect(view.getByTestId('trading-state')).toHaveText('ACTIVE');
    await expect(view.getByRole('button', { name: 'Flatten all' })).toBeDisabled();
    await expect(view.getByRole('button', { name: 'Pause' })).toBeDisabled();

    // Around the UI, straight at the API: refused, and the engine never asked.
    const flatten = await view.request.post(`${stack.web}/api/trpc/control.flatten`, {
      headers: { origin: stack.web },
      data: { json: { reason: 'viewer tries', confirm: 'FLATTEN' } },
    });
    expect(flatten.status()).toBe(403);
    await expect(view.getByTestId('trading-state')).toHaveText('ACTIVE');
    await viewer.close();
  });

  test('the LIVE gate refuses without its conditions and says which', async ({ page }) => {
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Switch to LIVE…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch to LIVE' });
    await dialog
      .getByLabel('Type the confirmation phrase')
      .fill('I understand this trades real money');
    await dialog.getByRole('button', { name: 'Switch to LIVE' }).click();
    const refusal = dialog.getByRole('alert');
    await expect(refusal).toContainText('LIVE_NOT_ALLOWED');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('trading-mode')).toHaveText('PAPER');
  });
});
