import { z } from 'zod';
import { epochMsSchema, textSchema } from './primitives';

/**
 * Event types the engine publishes today. The schema accepts any short name so a newer engine
 * can add one without breaking an older dashboard; views ignore types they do not know.
 */
export const KNOWN_EVENT_TYPES = [
  'tradingState',
  'mode',
  'marketData',
  'session',
  'engine',
  'flatten',
  'eod',
  'position',
  'trade',
] as const;
export type KnownEventType = (typeof KNOWN_EVENT_TYPES)[number];

/** `events`: everything else a live view shows: state changes, session, positions, trades. */
export const eventMessageSchema = z.object({
  type: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/),
  message: textSchema,
  /** Type-specific details: any JSON object (money in paise, times in epoch ms). */
  data: z.record(z.string(), z.json()),
  at: epochMsSchema,
});

export type EventMessage = z.infer<typeof eventMessageSchema>;
