import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, request } from '@playwright/test';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../e2e/chromium';
import { Simulator, buyThroughWebhook } from '../e2e/fixtures';
import { moveSimulatorToMorning } from '../e2e/global-setup';
import { ADMIN, startStack } from '../e2e/stack';
import type { RunningStack } from '../e2e/stack';

/**
 * What the page benches load: `pnpm start`'s all-in-one process (production build, engine,
 * kite-sim) as the e2e tests start it, with four positions opened through TradingView alerts
 * and one of them closed at its target, so the overview shows what a trader's morning does
 * (open positions, working stops and targets, signals, live prices, the P&L chart with a
 * closed trade, whose Recharts code is loaded only then) rather than empty cards.
 */
export interface DashboardStack {
  readonly web: string;
  readonly browser: Browser;
  /** The signed-in session's cookies, for a new context. */
  readonly signedIn: Awaited<ReturnType<BrowserContext['storageState']>>;
  readonly output: () => string;
  readonly stop: () => Promise<void>;
}

/** A page a bench loads, and what shows that its content is on screen. */
export interface BenchPage {
  readonly name: 'overview' | 'login';
  readonly path: string;
  readonly signedIn: boolean;
  readonly ready: (page: Page) => Locator;
}

export const POSITIONS = [
  ['INFY', 10],
  ['TCS', 5],
  ['RELIANCE', 20],
] as const;

/** Opened, then closed by moving its price through the 2 % target. */
const CLOSED: readonly [string, number] = ['SBIN', 10];

export const BENCH_PAGES: readonly BenchPage[] = [
  {
    // Where a signed-in trader lands.
    name: 'overview',
    path: '/',
    signedIn: true,
    // Drawn last: after the overview's data (positions, orders, P&L) and the chart's code.
    ready: (page) => page.getByLabel('Intraday P&L chart'),
  },
  {
    name: 'login',
    path: '/login',
    signedIn: false,
    ready: (page) => page.getByRole('button', { name: 'Sign in' }),
  },
];

export async function startDashboardStack(): Promise<DashboardStack> {
  const stack: RunningStack = await startStack();
  let browser: Browser | null = null;
  try {
    await moveSimulatorToMorning(stack.sim);
    await waitForEngineMorning(stack);
    const sim = new Simulator(stack.sim);
    for (const [symbol, quantity] of [...POSITIONS, CLOSED]) {
      await buyThroughWebhook(stack, sim, symbol, quantity);
      // Kite's quote API (which the alert's price comes from) allows one request a second.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
    await waitForPositions(sim, [...POSITIONS, CLOSED]);
    await sim.nudge(CLOSED[0], 300);
    await waitForPositions(sim, [...POSITIONS, [CLOSED[0], 0]]);
    const api = await request.newContext({
      baseURL: stack.web,
      extraHTTPHeaders: { origin: stack.web },
    });
    const response = await api.post('/api/auth/sign-in/email', { data: ADMIN });
    if (!response.ok()) throw new Error(`sign-in: ${response.status()}`);
    const signedIn = await api.storageState();
    await api.dispose();
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    const launched = browser;
    return {
      web: stack.web,
      browser: launched,
      signedIn,
      output: stack.output,
      stop: async () => {
        await launched.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await stack.stop();
    throw error;
  }
}

/** Until the engine's clock (kite-sim's) has moved to the morning: it then takes alerts. */
async function waitForEngineMorning(stack: RunningStack): Promise<void> {
  const token = (await readFile(join(stack.dataDir, 'engine-api-token'), 'utf8')).trim();
  const state = (await (await fetch(`${stack.sim}/_sim/state`)).json()) as { sessionDate: string };
  const morning = Date.parse(`${state.sessionDate}T10:00:00+05:30`);
  const deadline = performance.now() + 30_000;
  for (;;) {
    const response = await fetch(`${stack.engine}/status/all`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const status = (await response.json()) as { now?: number };
    if ((status.now ?? 0) >= morning) return;
    if (performance.now() > deadline) throw new Error(`engine clock at ${status.now}, not 10:00`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Until the broker holds these net quantities. */
async function waitForPositions(
  sim: Simulator,
  expected: readonly (readonly [string, number])[],
): Promise<void> {
  const deadline = performance.now() + 60_000;
  for (;;) {
    const net = await sim.netPositions();
    if (expected.every(([symbol, quantity]) => (net[symbol] ?? 0) === quantity)) return;
    if (performance.now() > deadline) {
      throw new Error(`positions not as expected after 60 s: ${JSON.stringify(net)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Loads a page in the context once, unmeasured: the server's first render of a route. */
export async function warmUp(stack: DashboardStack, target: BenchPage): Promise<void> {
  const context = await stack.browser.newContext(
    target.signedIn ? { storageState: stack.signedIn } : {},
  );
  try {
    const page = await context.newPage();
    await page.goto(`${stack.web}${target.path}`);
    await target.ready(page).waitFor({ timeout: 30_000 });
  } finally {
    await context.close();
  }
}
