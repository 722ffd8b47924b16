/**
 * Key sets of Zerodha's published sample payloads (kiteconnect-mocks), written out by hand so
 * the project never reads the shared reference at test time.
 */

/** orders.json, a 2025 NSE order with tags (TATASTEEL, protected market order). */
export const KITE_ORDER_KEYS_WITH_TAGS = [
  'account_id',
  'placed_by',
  'order_id',
  'exchange_order_id',
  'parent_order_id',
  'status',
  'status_message',
  'status_message_raw',
  'order_timestamp',
  'exchange_update_timestamp',
  'exchange_timestamp',
  'variety',
  'modified',
  'exchange',
  'tradingsymbol',
  'instrument_token',
  'order_type',
  'transaction_type',
  'validity',
  'validity_ttl',
  'product',
  'quantity',
  'disclosed_quantity',
  'price',
  'trigger_price',
  'average_price',
  'filled_quantity',
  'pending_quantity',
  'cancelled_quantity',
  'market_protection',
  'meta',
  'tag',
  'tags',
  'guid',
] as const;

/** orders.json, a 2025 NSE order without tags (SBIN): the same set less `tags`. */
export const KITE_ORDER_KEYS_WITHOUT_TAGS = KITE_ORDER_KEYS_WITH_TAGS.filter((k) => k !== 'tags');

/** trades.json / order_trades.json. */
export const KITE_TRADE_KEYS = [
  'trade_id',
  'order_id',
  'exchange',
  'tradingsymbol',
  'instrument_token',
  'product',
  'average_price',
  'quantity',
  'exchange_order_id',
  'transaction_type',
  'fill_timestamp',
  'order_timestamp',
  'exchange_timestamp',
] as const;

/** positions.json, every entry of `net` and `day`. */
export const KITE_POSITION_KEYS = [
  'tradingsymbol',
  'exchange',
  'instrument_token',
  'product',
  'quantity',
  'overnight_quantity',
  'multiplier',
  'average_price',
  'close_price',
  'last_price',
  'value',
  'pnl',
  'm2m',
  'unrealised',
  'realised',
  'buy_quantity',
  'buy_price',
  'buy_value',
  'buy_m2m',
  'sell_quantity',
  'sell_price',
  'sell_value',
  'sell_m2m',
  'day_buy_quantity',
  'day_buy_price',
  'day_buy_value',
  'day_sell_quantity',
  'day_sell_price',
  'day_sell_value',
] as const;

/** margins.json: the top level, a segment, and its two blocks. */
export const KITE_MARGINS_KEYS = ['equity', 'commodity'] as const;
export const KITE_SEGMENT_KEYS = ['enabled', 'net', 'available', 'utilised'] as const;
export const KITE_AVAILABLE_KEYS = [
  'adhoc_margin',
  'cash',
  'opening_balance',
  'live_balance',
  'collateral',
  'intraday_payin',
] as const;
export const KITE_UTILISED_KEYS = [
  'debits',
  'exposure',
  'm2m_realised',
  'm2m_unrealised',
  'option_premium',
  'payout',
  'span',
  'holding_sales',
  'turnover',
  'liquid_collateral',
  'stock_collateral',
  'delivery',
] as const;

/** order_margins.json: one row, its pnl, charges and gst blocks. */
export const KITE_ORDER_MARGIN_KEYS = [
  'type',
  'tradingsymbol',
  'exchange',
  'span',
  'exposure',
  'option_premium',
  'additional',
  'bo',
  'cash',
  'var',
  'pnl',
  'leverage',
  'charges',
  'total',
] as const;
export const KITE_ORDER_MARGIN_PNL_KEYS = ['realised', 'unrealised'] as const;
export const KITE_CHARGES_KEYS = [
  'transaction_tax',
  'transaction_tax_type',
  'exchange_turnover_charge',
  'sebi_turnover_charge',
  'brokerage',
  'stamp_duty',
  'gst',
  'total',
] as const;
export const KITE_GST_KEYS = ['igst', 'cgst', 'sgst', 'total'] as const;
