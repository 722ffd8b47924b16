import { z } from 'zod';
import { LIVE_CONFIRMATION_PHRASE } from '../control/trading-mode';
import { isStorableText } from '@kavach/db';
import { UNSTORABLE_TEXT_MESSAGE } from './storable-text';

/** Free text is stored (trading state, audit log): PostgreSQL must be able to hold it. */
const storable = (schema: z.ZodString) => schema.refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

const reason = storable(z.string().trim().min(1).max(500));

/** Request bodies of the control routes. Unknown fields are refused: a typo must not pass. */
export const pauseBody = z.strictObject({
  reason: reason.describe('Why entries stop; shown on the dashboard and stored.'),
});

export const resumeBody = z.strictObject({
  reason: reason.optional().describe('Why trading may resume.'),
});

export const resetBody = z.strictObject({
  confirmation: z
    .literal('RESET')
    .optional()
    .describe('Optional second step of the dashboard; "RESET" when sent.'),
});

export const flattenBody = z.strictObject({
  reason: reason.describe('Why everything is being closed.'),
  confirm: z.literal('FLATTEN').describe('Must be exactly "FLATTEN".'),
});

export const exitPositionBody = z.strictObject({
  groupId: z.uuid().describe('The OCO group (bracket) to exit, as the dashboard lists it.'),
  reason: reason.describe('Why this position is being closed by hand.'),
});

export const exitPositionOkBody = z.object({
  ok: z.literal(true),
  groupId: z.string(),
  tradingSymbol: z.string(),
  /** The group's state after the exit was commanded (EXITING, CLOSING or CLOSED). */
  status: z.string(),
});

export const modeBody = z.strictObject({
  mode: z.enum(['PAPER', 'LIVE']),
  confirmation: storable(z.string().max(200))
    .nullable()
    .optional()
    .describe(`For LIVE, exactly "${LIVE_CONFIRMATION_PHRASE}".`),
});

export const sessionBody = z.strictObject({
  request_token: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'a request token is 1-64 letters and digits')
    .describe("The request_token from Kite's login redirect (single use)."),
});

export const reconciliationRunBody = z.strictObject({
  reason: reason.optional().describe('Why a run is asked for now.'),
});

export const discrepanciesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  unresolved: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Only what still needs a person.'),
});

export const slippageStatsQuery = z.strictObject({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24)
    .describe('Samples from the last this many hours.'),
});

export const slippageHistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: storable(z.string().min(1).max(128))
    .optional()
    .describe('nextCursor of the previous page.'),
  strategy: storable(z.string().min(1).max(64)).optional(),
  check: z.enum(['ACCEPTED', 'REPRICED', 'REJECTED']).optional(),
});

export const errorBody = z.object({
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
  }),
});

export const controlOkBody = z.object({
  ok: z.literal(true),
  state: z.record(z.string(), z.unknown()),
});

export const flattenReportBody = z.object({
  startedAt: z.number(),
  flatAt: z.number().nullable(),
  finishedAt: z.number(),
  flat: z.boolean(),
  remainingPositions: z.number().int(),
  orders: z.array(
    z.object({
      clientOrderId: z.string(),
      brokerOrderId: z.string().nullable(),
      role: z.string(),
      tradingSymbol: z.string(),
      action: z.enum(['CANCEL', 'EXIT']),
      quantity: z.number().int(),
      outcome: z.enum(['DONE', 'FAILED', 'PENDING']),
      message: z.string().nullable(),
    }),
  ),
});

export const healthBody = z.object({
  status: z.enum(['ok', 'degraded']),
  details: z.record(z.string(), z.unknown()),
});

export const objectBody = z.record(z.string(), z.unknown());

export const postbackOkBody = z.object({ ok: z.literal(true) });
