import { gzipSync } from 'node:zlib';
import { recordBench } from '@kavach/testkit';
import type { Page, Response } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_PAGES, startDashboardStack, warmUp } from './dashboard-stack';
import type { BenchPage, DashboardStack } from './dashboard-stack';

/**
 * The JavaScript a browser downloads on a first visit: the page the signed-in trader lands on
 * (the overview, positions open) and the sign-in page, from the production build served by
 * the real server. 1 KB = 1,024 bytes.
 */
const QUIET_MS = 2_000;
const KB = 1_024;

interface Script {
  readonly url: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** Named in the page's HTML (a <script> or a preload): what loads before anything runs. */
  readonly inHtml: boolean;
}

let stack: DashboardStack | undefined;

beforeAll(async () => {
  const started = await startDashboardStack();
  stack = started;
  for (const target of BENCH_PAGES) await warmUp(started, target);
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

/**
 * Every script response of one cold visit (new context, empty cache) until the page's content
 * shows and no script has arrived for QUIET_MS: the lazily loaded chart included.
 */
async function scriptsOf(stack: DashboardStack, target: BenchPage): Promise<Script[]> {
  const context = await stack.browser.newContext(
    target.signedIn ? { storageState: stack.signedIn } : {},
  );
  try {
    const page = await context.newPage();
    const bodies: Promise<{ url: string; body: Buffer }>[] = [];
    let lastScriptAt = performance.now();
    page.on('response', (response: Response) => {
      if (response.request().resourceType() !== 'script') return;
      lastScriptAt = performance.now();
      bodies.push(response.body().then((body) => ({ url: response.url(), body })));
    });
    const document = await page.goto(`${stack.web}${target.path}`, { waitUntil: 'load' });
    const html = (await document?.text()) ?? '';
    await target.ready(page).waitFor({ timeout: 30_000 });
    await quiet(page, () => lastScriptAt);
    const scripts = await Promise.all(bodies);
    return scripts.map(({ url, body }) => ({
      url,
      bytes: body.length,
      gzipBytes: gzipSync(body).length,
      inHtml: html.includes(new URL(url).pathname),
    }));
  } finally {
    await context.close();
  }
}

async function quiet(page: Page, lastScriptAt: () => number): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (performance.now() - lastScriptAt() < QUIET_MS && performance.now() < deadline) {
    await page.waitForTimeout(250);
  }
}

const kb = (bytes: number) => Math.round((bytes / KB) * 10) / 10;
const sum = (scripts: readonly Script[], of: (s: Script) => number) =>
  scripts.reduce((total, s) => total + of(s), 0);

describe('dashboard first-load JavaScript', () => {
  it('overview and sign-in pages, gzip', async () => {
    const figures: Record<string, number> = {};
    let largest = 0;
    if (stack === undefined) throw new Error('no stack');
    for (const target of BENCH_PAGES) {
      const scripts = await scriptsOf(stack, target);
      expect(scripts.length, `${target.name}: no scripts`).toBeGreaterThan(0);
      const gzip = sum(scripts, (s) => s.gzipBytes);
      const inHtml = scripts.filter((s) => s.inHtml);
      figures[`${target.name}_gzip_kb`] = kb(gzip);
      figures[`${target.name}_raw_kb`] = kb(sum(scripts, (s) => s.bytes));
      figures[`${target.name}_scripts`] = scripts.length;
      figures[`${target.name}_html_gzip_kb`] = kb(sum(inHtml, (s) => s.gzipBytes));
      figures[`${target.name}_lazy_gzip_kb`] = kb(
        sum(
          scripts.filter((s) => !s.inHtml),
          (s) => s.gzipBytes,
        ),
      );
      largest = Math.max(largest, kb(gzip));
    }
    recordBench({
      id: 'dashboard_js',
      measured: largest,
      figures,
      method:
        'Chromium (Playwright) visits each page cold (new context, empty cache) on the production build served by `pnpm start`; every script response until the content shows and no script has arrived for 2 s (lazy chunks included) is gzipped with zlib at the default level and summed, 1 KB = 1,024 bytes; measured is the larger page. *_html_*: the scripts the HTML names, *_lazy_*: those loaded after.',
      source: import.meta.url,
    });
  }, 180_000);
});
