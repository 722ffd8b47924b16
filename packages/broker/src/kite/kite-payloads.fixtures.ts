/**
 * Kite-shaped payloads for unit tests, written for this project after Kite's documented
 * fields (order book entry, trade, day position, ticks as KiteTicker decodes them).
 */
export function kiteOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    placed_by: 'ZX0001',
    order_id: '260123000000042',
    exchange_order_id: '1100000000012345',
    parent_order_id: null,
    status: 'OPEN',
    status_message: null,
    status_message_raw: null,
    order_timestamp: '2026-01-23 10:15:02',
    exchange_update_timestamp: '2026-01-23 10:15:03',
    exchange_timestamp: '2026-01-23 10:15:02',
    variety: 'regular',
    modified: false,
    exchange: 'NSE',
    tradingsymbol: 'INFY',
    instrument_token: 408065,
    order_type: 'LIMIT',
    transaction_type: 'BUY',
    validity: 'DAY',
    product: 'MIS',
    quantity: 10,
    disclosed_quantity: 0,
    price: 1573.7,
    trigger_price: 0,
    average_price: 0,
    filled_quantity: 0,
    pending_quantity: 10,
    cancelled_quantity: 0,
    market_protection: 0,
    meta: {},
    tag: 'kvA1',
    guid: 'ZX0001-abc',
    ...overrides,
  };
}

export function kiteTrade(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    trade_id: '90000017',
    order_id: '260123000000042',
    exchange: 'NSE',
    tradingsymbol: 'INFY',
    instrument_token: 408065,
    product: 'MIS',
    average_price: 1573.65,
    quantity: 4,
    exchange_order_id: '1100000000012345',
    transaction_type: 'BUY',
    fill_timestamp: '2026-01-23 10:16:40',
    order_timestamp: '10:16:40',
    exchange_timestamp: '2026-01-23 10:16:40',
    ...overrides,
  };
}

export function kiteDayPosition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tradingsymbol: 'NIFTY26JANFUT',
    exchange: 'NFO',
    instrument_token: 13238786,
    product: 'MIS',
    quantity: -65,
    overnight_quantity: 0,
    multiplier: 1,
    average_price: 24512.3,
    close_price: 0,
    last_price: 24498.15,
    value: 1593299.5,
    pnl: 919.75,
    m2m: 919.75,
    unrealised: 919.75,
    realised: 0,
    buy_quantity: 0,
    buy_price: 0,
    buy_value: 0,
    sell_quantity: 65,
    sell_price: 24512.3,
    sell_value: 1593299.5,
    ...overrides,
  };
}
