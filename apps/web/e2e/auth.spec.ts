import { io } from 'socket.io-client';
import { ADMIN } from './stack';
import { SMOKE, expect, test } from './fixtures';

test.describe('signing in', () => {
  test(
    'a page without a session goes to sign-in; a wrong password says so; the right one opens the overview',
    SMOKE,
    async ({ page }) => {
      await page.goto('/positions');
      await expect(page).toHaveURL(/\/login\?next=%2Fpositions$/);
      await page.getByLabel('E-mail').fill(ADMIN.email);
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'Wrong' })).toHaveText(
        'Wrong e-mail or password.',
      );

      await page.goto('/login');
      await page.getByLabel('E-mail').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId('trading-state')).toBeVisible();
      await expect(page.getByText('PAPER', { exact: true })).toBeVisible();
    },
  );

  test(
    'tRPC and the live socket refuse a caller without a session',
    SMOKE,
    async ({ request, stack }) => {
      const query = await request.get('/api/trpc/overview.status');
      expect(query.status()).toBe(401);
      const action = await request.post('/api/trpc/control.flatten', {
        headers: { origin: stack.web },
        data: { json: { reason: 'no session', confirm: 'FLATTEN' } },
      });
      expect(action.status()).toBe(401);

      const socket = io(stack.web, { transports: ['websocket'], reconnection: false });
      const refused = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
      socket.close();
      expect(refused.message).toBe('UNAUTHORIZED');
    },
  );
});
