import { describe, expect, it } from 'vitest';
import { paise } from './money/paise';
import { applyOrderEvent, createOrderState } from './order';
import type { OrderEvent, OrderState } from './order';
import { canEnter, DEFAULT_RISK_CONFIG } from './risk';
import { INFY, NIFTY_CE } from './risk/can-enter.fixtures';
import { nseCalendar2026, atIst } from './time';

// Hot-path throughput of the pure domain: every tick, order update and signal goes through it.
const portfolio = {
  tradingState: 'ACTIVE',
  openPositions: 2,
  openRisk: paise(1_500_00),
  realisedPnlToday: paise(-2_000_00),
  unrealisedPnlToday: paise(500_00),
  nowIstMinutes: 10 * 60 + 30,
} as const;

const lifecycle: OrderEvent[] = [
  { type: 'submitted', at: 1 },
  { type: 'accepted', at: 2 },
  { type: 'fill', fillId: 't1', quantity: 40, price: paise(150_00), at: 3 },
  { type: 'fill', fillId: 't1', quantity: 40, price: paise(150_00), at: 4 },
  { type: 'fill', fillId: 't2', quantity: 35, price: paise(150_05), at: 5 },
];

function runLifecycle(): OrderState {
  let state = createOrderState({ orderId: 'b1', quantity: 75, at: 0 });
  for (const event of lifecycle) {
    const result = applyOrderEvent(state, event);
    if (result.ok) state = result.state;
  }
  return state;
}

const noon = atIst('12:00', '2026-11-20');
const capital = paise(10_00_000_00);

const cases: [string, () => unknown][] = [
  [
    'canEnter, equity',
    () => canEnter(DEFAULT_RISK_CONFIG, portfolio, paise(12_50), INFY, paise(1_500_00), capital),
  ],
  [
    'canEnter, option lots',
    () => canEnter(DEFAULT_RISK_CONFIG, portfolio, paise(8_00), NIFTY_CE, paise(120_00), capital),
  ],
  ['order lifecycle, 5 events with a duplicate fill', runLifecycle],
  [
    'isMarketOpen + nextSessionOpen',
    () => [nseCalendar2026.isMarketOpen(noon), nseCalendar2026.nextSessionOpen(noon)],
  ],
];

describe('domain hot paths', () => {
  it.for(cases)('%s', async ([name, fn], { bench }) => {
    const result = await bench(name, fn).run();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });
});
