import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { createHarness, INFY, limitBuy } from './exchange.fixtures';
import type { PlaceOrderRequest } from './order-request';

// Orders matched per second: the full path of a marketable order (veto, RMS margin, transient
// statuses, depth walk, trade, position) and the re-match of resting orders on a market move.

const RESET_EVERY = 1_000;
const RESTING = 100;

function benchPlaceAndMatch(): () => void {
  const { exchange, market } = createHarness({ funds: paise(1_00_00_00_000_00) });
  market.setQuote(INFY.token, { lastPrice: paise(1500_00), levelQuantity: 1_000_000 });
  const buy = limitBuy(INFY, 10, paise(1501_00));
  const sell: PlaceOrderRequest = { ...buy, transaction_type: 'SELL', price: paise(1499_00) };
  let count = 0;
  return () => {
    // Alternate sides so the position stays flat; reset so the order book stays day-sized.
    count += 1;
    if (count % RESET_EVERY === 0) exchange.reset();
    const result = exchange.placeOrder(count % 2 === 0 ? buy : sell);
    if (!result.ok) throw new Error(result.error.message);
  };
}

function benchRestingRematch(): () => void {
  const { exchange, market } = createHarness({ funds: paise(1_00_00_00_000_00) });
  let tick = 0;
  return () => {
    exchange.reset();
    market.setQuote(INFY.token, { lastPrice: paise(1500_00), levelQuantity: 1_000_000 });
    for (let i = 0; i < RESTING; i += 1)
      exchange.placeOrder(limitBuy(INFY, 10, paise(1490_00 - i * 5)));
    tick += 1;
    market.setQuote(INFY.token, {
      lastPrice: paise(1400_00 + (tick % 2) * 5),
      levelQuantity: 1_000_000,
    });
    exchange.onMarketUpdate([INFY.token]);
  };
}

describe('matching engine throughput', () => {
  it('places and fully matches marketable orders', async ({ bench }) => {
    const result = await bench(
      'place + match one marketable LIMIT order',
      benchPlaceAndMatch(),
    ).run();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });

  it(`places ${RESTING} resting orders and fills them all on one market update`, async ({
    bench,
  }) => {
    const result = await bench(
      `${RESTING} resting orders, one update`,
      benchRestingRematch(),
    ).run();
    expect(result.throughput.mean).toBeGreaterThan(0);
  });
});
