import { z } from 'zod';
import { isRupeeAmount } from './rupee-amount';

/** NIFTY's strike step in rupees: a strike off this grid is a typo, not a contract. */
export const NIFTY_STRIKE_STEP = 50;

/** Far above any NIFTY level or option premium; keeps every paise amount an exact integer. */
const MAX_STRIKE_RUPEES = 10_00_000;
const MAX_PREMIUM_RUPEES = 1_00_000;
/** A sanity cap on lots; the freeze quantity and the risk gates decide what is really sent. */
const MAX_LOTS = 1_000;

/**
 * Body of POST /live/execute-signal. snake_case as the signal senders write it; unknown keys
 * are refused so a misspelt `hedge_enabled` cannot silently send an unhedged short.
 */
export const executeSignalBody = z.strictObject({
  signal: z
    .enum(['BUY', 'SELL'])
    .describe('Side of the main leg: BUY the option or SELL (write) it.'),
  strike: z
    .number()
    .int()
    .positive()
    .max(MAX_STRIKE_RUPEES)
    .multipleOf(NIFTY_STRIKE_STEP)
    .describe(`NIFTY strike in rupees, a multiple of ${NIFTY_STRIKE_STEP}.`),
  option_type: z.enum(['CE', 'PE']),
  quantity: z.number().int().positive().max(MAX_LOTS).describe('Lots (units = lots × lot size).'),
  entry_price: z
    .number()
    .positive()
    .max(MAX_PREMIUM_RUPEES)
    .refine(isRupeeAmount, 'at most two decimals (whole paise)')
    .describe('The premium the signal expects, rupees; slippage is measured against it.'),
  hedge_enabled: z
    .boolean()
    .describe(
      'Buy the far-OTM option of the same type first; the main leg only once it is filled.',
    ),
});
export type ExecuteSignalBody = z.infer<typeof executeSignalBody>;

export const EXECUTE_SIGNAL_STATUSES = ['FILLED', 'PARTIAL', 'PENDING', 'REJECTED'] as const;
export type ExecuteSignalStatus = (typeof EXECUTE_SIGNAL_STATUSES)[number];

/** The answer, for 200 (sent) and 422 (refused or rejected) alike. */
export const executeSignalResponse = z.strictObject({
  status: z
    .enum(EXECUTE_SIGNAL_STATUSES)
    .describe('PENDING: sent, not filled within the wait; the engine keeps managing it.'),
  order_id: z.string().nullable().describe("The main leg's broker order id; null when never sent."),
  hedge_order_id: z.string().nullable().describe("The hedge's broker order id; null without one."),
  execution_price: z
    .number()
    .nullable()
    .describe("The main leg's average fill price in rupees; null when nothing filled."),
  slippage: z.strictObject({
    slippage_points: z
      .number()
      .nullable()
      .describe('Fill against entry_price in rupees, positive when adverse; null when unfilled.'),
    slippage_percent: z.number().nullable().describe('The same as a percentage of entry_price.'),
    favorable: z.boolean().describe('Strictly better than entry_price.'),
    message: z.string().describe('The slippage in words, or why the signal was not executed.'),
  }),
  latency_ms: z
    .number()
    .int()
    .nonnegative()
    .describe('Request received → main leg filled (or → this answer when not filled).'),
  latency_acceptable: z.boolean().describe('latency_ms within the configured maximum.'),
});
export type ExecuteSignalResponse = z.infer<typeof executeSignalResponse>;

export const EXECUTE_SIGNAL_RESPONSE_KEYS = [
  'status',
  'order_id',
  'hedge_order_id',
  'execution_price',
  'slippage',
  'latency_ms',
  'latency_acceptable',
] as const;
