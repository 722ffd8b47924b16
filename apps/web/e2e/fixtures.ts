import { readFileSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { STACK_FILE, authFile } from './global-setup';
import { WEBHOOK } from './stack';
import type { StackInfo } from './stack';

export { expect };

function readStack(): StackInfo {
  return JSON.parse(readFileSync(STACK_FILE, 'utf8')) as StackInfo;
}

interface Quote {
  readonly last: number;
  readonly ask: number;
}

/** kite-sim as a test sees it: quotes, price moves and the account's positions. */
export class Simulator {
  private accessToken: string | null = null;
  constructor(private readonly root: string) {}

  private async token(): Promise<string> {
    if (this.accessToken !== null) return this.accessToken;
    const response = await fetch(`${this.root}/_sim/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'kavach_sim_key' }),
    });
    const body = (await response.json()) as { access_token: string };
    this.accessToken = body.access_token;
    return this.accessToken;
  }

  private async kite<T>(path: string): Promise<T> {
    const response = await fetch(`${this.root}${path}`, {
      headers: {
        authorization: `token kavach_sim_key:${await this.token()}`,
        'x-kite-version': '3',
      },
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  }

  /** Last price and best offer, in rupees. */
  async quote(symbol: string): Promise<Quote> {
    const data = await this.kite<
      Record<string, { last_price: number; depth: { sell: { price: number }[] } }>
    >(`/quote?i=NSE:${symbol}`);
    const quote = data[`NSE:${symbol}`];
    if (quote === undefined) throw new Error(`no quote for ${symbol}`);
    return { last: quote.last_price, ask: quote.depth.sell[0]?.price ?? quote.last_price };
  }

  async nudge(symbol: string, bps: number): Promise<void> {
    const response = await fetch(`${this.root}/_sim/price`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instrument: `NSE:${symbol}`, nudge_bps: bps }),
    });
    if (!response.ok) throw new Error(`nudge: ${response.status} ${await response.text()}`);
  }

  /** Net quantity per trading symbol at the broker (intraday positions). */
  async netPositions(): Promise<Record<string, number>> {
    const data = await this.kite<{ net: { tradingsymbol: string; quantity: number }[] }>(
      '/portfolio/positions',
    );
    return Object.fromEntries(data.net.map((p) => [p.tradingsymbol, p.quantity]));
  }
}

/** The tests the distributed topology runs too (`--grep @smoke`). */
export const SMOKE = { tag: '@smoke' };

/** The engine trading now: the first one, or its standby once that has taken over. */
export async function tradingEngine(stack: StackInfo): Promise<string> {
  for (const url of [stack.engine, stack.engineStandby]) {
    if (url === undefined) continue;
    const status = await fetch(`${url}/healthz`).then(
      async (r) => ((await r.json()) as { status?: string }).status,
      () => undefined,
    );
    if (status === 'ok' || status === 'degraded') return url;
  }
  return stack.engine;
}

let alerts = 0;

/** A TradingView alert to the engine: BUY `quantity` at the best offer, 1 % stop, 2 % target. */
export async function buyThroughWebhook(
  stack: StackInfo,
  sim: Simulator,
  symbol: string,
  quantity: number,
): Promise<void> {
  const { ask } = await sim.quote(symbol);
  alerts += 1;
  const engine = await tradingEngine(stack);
  const response = await fetch(`${engine}/webhooks/tradingview/${WEBHOOK.strategy}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      secret: WEBHOOK.secret,
      idempotency_key: `${symbol}-${Date.now()}-${alerts}`,
      symbol,
      exchange: 'NSE',
      action: 'BUY',
      price: ask.toFixed(2),
      stop: (ask * 0.99).toFixed(2),
      targets: [(ask * 1.02).toFixed(2)],
      quantity,
    }),
  });
  const body = await response.text();
  if (response.status !== 202) throw new Error(`webhook ${response.status}: ${body}`);
}

/** What the browser refuses under the page's CSP, as Chromium reports it on the console. */
export function collectCspRefusals(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refused.push(message.text());
  });
  return refused;
}

export const test = base.extend<{ stack: StackInfo; sim: Simulator }>({
  // A script the CSP refuses (one without the page's nonce) can leave a page dead or half
  // working while the test's own checks still pass: any refusal fails the test.
  page: async ({ page }, use) => {
    const refused = collectCspRefusals(page);
    await use(page);
    expect(refused, 'Content Security Policy refusals').toEqual([]);
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  stack: async ({}, use) => {
    await use(readStack());
  },
  sim: async ({ stack }, use) => {
    await use(new Simulator(stack.sim));
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  baseURL: async ({}, use) => {
    await use(readStack().web);
  },
});

export { authFile };

/**
 * Where a README screenshot goes: docs/screenshots with README_SCREENSHOTS=1 (to refresh
 * them), else beside the test's other output, so a test run leaves the tree as it was.
 */
export function screenshotPath(name: string, outputPath: (name: string) => string): string {
  return process.env.README_SCREENSHOTS === '1'
    ? `../../docs/screenshots/${name}`
    : outputPath(name);
}
