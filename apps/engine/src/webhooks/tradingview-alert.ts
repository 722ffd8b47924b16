import { EXCHANGES } from '@kavach/domain';
import type { Exchange, OrderSide, Paise } from '@kavach/domain';
import { z } from 'zod';
import { isStorableText } from '@kavach/db';
import { UNSTORABLE_TEXT_MESSAGE } from '../http/storable-text';
import type { EntrySizing } from '../orchestrator/external-entry';
import { parseRupeeAmount } from './rupee-amount';

/**
 * The body of a TradingView alert, posted to `POST /webhooks/tradingview/:strategyId`.
 * TradingView sends no headers of ours, so the strategy's secret travels in the body. Unknown
 * fields are refused: a misspelt `stopp` must fail loudly, not trade without a stop.
 *
 * Prices are rupees, as a number or a numeric string (placeholders such as `{{close}}` are
 * filled in as text), with at most 2 decimals; they become exact integer paise here and are
 * moved onto the instrument's tick later (see alignAlertPrices).
 */

interface AlertCommon {
  readonly symbol: string;
  readonly exchange: Exchange;
  /** As sent; absent when the key is to be derived from the alert (deriveIdempotencyKey). */
  readonly idempotencyKey?: string;
  readonly comment?: string;
}

/** BUY or SELL: a bracket with its entry, stop and targets, in paise (not yet on the tick). */
export interface EntryAlert extends AlertCommon {
  readonly action: OrderSide;
  readonly price: Paise;
  readonly stop: Paise;
  readonly targets: readonly [Paise] | readonly [Paise, Paise];
  readonly sizing: EntrySizing;
}

/** EXIT: flatten the strategy's brackets on the instrument; a price is only informative. */
export interface ExitAlert extends AlertCommon {
  readonly action: 'EXIT';
  readonly price?: Paise;
}

export type TradingViewAlert = EntryAlert | ExitAlert;

const required = (what: string) => (issue: { readonly input: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

const rupees = z
  .union([z.number(), z.string()], { error: required('a rupee amount (number or string)') })
  .transform((value, ctx) => {
    const amount = parseRupeeAmount(value);
    if (amount.ok) return amount.paise;
    ctx.issues.push({ code: 'custom', message: amount.message, input: value });
    return z.NEVER;
  });

const units = z
  .union([z.number(), z.string()], { error: required('a whole number of units') })
  .transform((value, ctx) => {
    const text = typeof value === 'number' ? String(value) : value.trim();
    const quantity = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (Number.isSafeInteger(quantity) && quantity > 0) return quantity;
    ctx.issues.push({
      code: 'custom',
      message: `must be a positive whole number of units, got "${text.slice(0, 40)}"`,
      input: value,
    });
    return z.NEVER;
  });

const ACTIONS = ['BUY', 'SELL', 'EXIT'] as const;

/** The alert's fields other than the secret, as sent. */
const alertShape = {
  idempotency_key: z
    .string({ error: required('a string') })
    .trim()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional()
    .describe(
      'Makes a resent alert harmless: a key already seen for this strategy is answered from ' +
        'the store and not traded again. TradingView fills `{{timenow}}` with the bar time ' +
        '(e.g. 2026-11-23T09:30:00Z), which makes a good key; combine it with `{{ticker}}` when ' +
        'one strategy alerts on several symbols. Absent: a SHA-256 of the alert (without the ' +
        'secret) is used, so an identical alert is taken once, ever.',
    ),
  symbol: z
    .string({ error: required('a string') })
    .trim()
    .toUpperCase()
    .regex(
      /^[A-Z0-9][A-Z0-9&_.-]{0,39}$/,
      'must be a Kite trading symbol such as RELIANCE or NIFTY26NOV24500CE, without an exchange prefix',
    )
    .describe("Kite's tradingsymbol, e.g. RELIANCE or NIFTY26NOV24500CE (`{{ticker}}`)."),
  exchange: z
    .enum(EXCHANGES, { error: `must be one of ${EXCHANGES.join(', ')}` })
    .default('NSE')
    .describe('Where the symbol is listed; NSE when absent.'),
  action: z
    .enum([...ACTIONS, 'buy', 'sell', 'exit'], { error: 'must be BUY, SELL or EXIT' })
    .transform((action) => action.toUpperCase() as (typeof ACTIONS)[number])
    .describe(
      'BUY or SELL opens a bracket; EXIT closes the strategy’s brackets on the symbol. ' +
        'Lower case is accepted, as `{{strategy.order.action}}` writes it.',
    ),
  price: rupees
    .optional()
    .describe('Entry price in rupees (`{{close}}`); required for BUY and SELL.'),
  stop: rupees
    .optional()
    .describe('Stop-loss in rupees: below the price for BUY, above it for SELL.'),
  targets: z
    .array(rupees, { error: required('an array of 1 or 2 rupee prices') })
    .min(1, 'must have 1 or 2 prices')
    .max(2, 'must have 1 or 2 prices')
    .optional()
    .describe('TP1 and optionally TP2 in rupees, on the profitable side, TP2 beyond TP1.'),
  quantity: units
    .optional()
    .describe('Units to trade (a multiple of the lot size for F&O). Not with risk_amount.'),
  risk_amount: rupees
    .optional()
    .describe(
      'Rupees to lose if the stop is hit; the quantity is sized from it. Not with quantity. ' +
        'Neither: the risk config sizes the trade.',
    ),
  comment: z
    .string({ error: required('a string') })
    .max(500, 'must be at most 500 characters')
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional()
    .describe('Kept with the signal.'),
};

type AlertFields = z.output<z.ZodObject<typeof alertShape>>;

/**
 * The checks that need more than one field, and the alert's final shape. Field errors come
 * first: zod runs this only once every field parsed.
 */
function normalizeAlert(fields: AlertFields, ctx: z.RefinementCtx): TradingViewAlert {
  const issues: { path: string; message: string }[] = [];
  const common: AlertCommon = {
    symbol: fields.symbol,
    exchange: fields.exchange,
    ...(fields.idempotency_key === undefined ? {} : { idempotencyKey: fields.idempotency_key }),
    ...(fields.comment === undefined ? {} : { comment: fields.comment }),
  };
  const alert =
    fields.action === 'EXIT'
      ? checkExit(fields, common, issues)
      : checkEntry(fields, fields.action, common, issues);
  for (const issue of issues) {
    ctx.issues.push({ code: 'custom', path: [issue.path], message: issue.message, input: fields });
  }
  return alert ?? z.NEVER;
}

function checkExit(
  fields: AlertFields,
  common: AlertCommon,
  issues: { path: string; message: string }[],
): ExitAlert | undefined {
  for (const field of ['stop', 'targets', 'quantity', 'risk_amount'] as const) {
    if (fields[field] !== undefined) {
      issues.push({ path: field, message: 'is not used by EXIT, which closes positions' });
    }
  }
  if (issues.length > 0) return undefined;
  return {
    ...common,
    action: 'EXIT',
    ...(fields.price === undefined ? {} : { price: fields.price }),
  };
}

function checkEntry(
  fields: AlertFields,
  side: OrderSide,
  common: AlertCommon,
  issues: { path: string; message: string }[],
): EntryAlert | undefined {
  const { price, stop, targets } = fields;
  const need = 'is required for BUY and SELL';
  if (price === undefined) issues.push({ path: 'price', message: need });
  if (stop === undefined) issues.push({ path: 'stop', message: need });
  if (targets === undefined) issues.push({ path: 'targets', message: need });
  if (fields.quantity !== undefined && fields.risk_amount !== undefined) {
    issues.push({ path: 'risk_amount', message: 'cannot be given with quantity; give one' });
  }
  if (price === undefined || stop === undefined || targets === undefined) return undefined;
  // A BUY profits upward: its stop is below the price and its targets above; a SELL mirrors it.
  const beyond = (a: Paise, b: Paise) => (side === 'BUY' ? a > b : a < b);
  const [tp1, tp2] = targets;
  if (!beyond(price, stop)) {
    issues.push({ path: 'stop', message: `must be ${below(side)} the price for a ${side}` });
  }
  if (tp1 !== undefined && !beyond(tp1, price)) {
    issues.push({ path: 'targets', message: `TP1 must be ${above(side)} the price for a ${side}` });
  }
  if (tp1 !== undefined && tp2 !== undefined && !beyond(tp2, tp1)) {
    issues.push({ path: 'targets', message: `TP2 must be ${above(side)} TP1 for a ${side}` });
  }
  if (issues.length > 0 || tp1 === undefined) return undefined;
  return {
    ...common,
    action: side,
    price,
    stop,
    targets: tp2 === undefined ? [tp1] : [tp1, tp2],
    sizing: sizingOf(fields),
  };
}

const below = (side: OrderSide) => (side === 'BUY' ? 'below' : 'above');
const above = (side: OrderSide) => (side === 'BUY' ? 'above' : 'below');

function sizingOf(fields: AlertFields): EntrySizing {
  if (fields.quantity !== undefined) return { kind: 'quantity', quantity: fields.quantity };
  if (fields.risk_amount !== undefined) return { kind: 'risk', riskAmount: fields.risk_amount };
  return { kind: 'config' };
}

/** The alert without its secret: what the handler parses once the secret is taken out. */
export const tradingViewAlertFields = z.strictObject(alertShape).transform(normalizeAlert);

/** The documented body of a TradingView alert (for the route table and OpenAPI). */
export const tradingViewAlertBody = z
  .strictObject({
    secret: z
      .string({ error: required('a string') })
      .min(1, 'must not be empty')
      .describe("The strategy's webhook secret; never logged or stored."),
    ...alertShape,
  })
  .transform(({ secret: _secret, ...fields }, ctx) => normalizeAlert(fields, ctx))
  .describe('A TradingView alert message (JSON). Prices in rupees.');
