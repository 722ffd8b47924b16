import { authFile, expect, screenshotPath, test } from './fixtures';

test.use({ storageState: authFile('admin') });

test('on a phone: no sideways scroll, the key numbers above the fold, controls in reach', async ({
  page,
}, testInfo) => {
  await page.goto('/');
  const pnl = page.getByTestId('pnl-today');
  await expect(pnl).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);

  const fold = 844;
  for (const id of ['pnl-today', 'open-positions', 'trading-state']) {
    const box = await page.getByTestId(id).boundingBox();
    expect(box, id).not.toBeNull();
    expect((box?.y ?? fold) + (box?.height ?? 0), id).toBeLessThanOrEqual(fold);
  }
  const flatten = page.getByRole('button', { name: 'Flatten all' });
  await expect(flatten).toBeInViewport();

  // Every visible control is at least 44 px tall: a thumb can hit it.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, a, input')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.height < 44;
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(small).toEqual([]);
  await page.screenshot({
    path: screenshotPath('overview-phone.png', (n) => testInfo.outputPath(n)),
  });
});

test('installable: a web app manifest with icons', async ({ request }) => {
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.ok()).toBe(true);
  const body = (await manifest.json()) as { display: string; icons: { sizes: string }[] };
  expect(body.display).toBe('standalone');
  expect(body.icons.map((i) => i.sizes)).toEqual(['192x192', '512x512']);
  for (const size of ['192', '512']) {
    expect((await request.get(`/icons/icon-${size}.png`)).ok()).toBe(true);
  }
});
