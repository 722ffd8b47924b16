import { z } from 'zod';
import type { BusChannel } from './channels';
import { isBusChannel, parseTickChannel } from './channels';
import { BusValidationError } from './errors';
import type { PayloadOf } from './payloads';
import { schemaFor } from './payloads';

/**
 * Encodes a payload for the wire after validating it against the channel's schema; keys the
 * schema does not know are dropped. Throws BusValidationError: a bad payload is a caller bug.
 */
export function encodeMessage<C extends BusChannel>(channel: C, payload: PayloadOf<C>): string {
  return JSON.stringify(validatePayload(channel, payload));
}

/** Validates (and normalises) a payload for a channel; throws BusValidationError. */
export function validatePayload<C extends BusChannel>(
  channel: C,
  payload: PayloadOf<C>,
): PayloadOf<C> {
  if (!isBusChannel(channel)) {
    throw new BusValidationError(String(channel), 'not a bus channel');
  }
  const result = schemaFor(channel).safeParse(payload);
  if (!result.success) throw new BusValidationError(channel, z.prettifyError(result.error));
  const issue = findChannelMismatch(channel, result.data);
  if (issue !== null) throw new BusValidationError(channel, issue);
  return result.data;
}

export type DecodeResult<C extends BusChannel> =
  | { readonly ok: true; readonly payload: PayloadOf<C> }
  | { readonly ok: false; readonly reason: string };

/**
 * Decodes a message received from the wire. Anything can arrive there (another version,
 * another program, garbage), so every failure is a value, never a throw.
 */
export function decodeMessage<C extends BusChannel>(channel: C, raw: string): DecodeResult<C> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = schemaFor(channel).safeParse(json);
  if (!result.success) return { ok: false, reason: z.prettifyError(result.error) };
  const issue = findChannelMismatch(channel, result.data);
  if (issue !== null) return { ok: false, reason: issue };
  return { ok: true, payload: result.data };
}

/** A tick travels on its own instrument's channel only. */
function findChannelMismatch(channel: BusChannel, payload: unknown): string | null {
  const token = parseTickChannel(channel);
  if (token === null) return null;
  const tickToken = (payload as { readonly token: number }).token;
  return tickToken === token ? null : `tick for token ${tickToken} on channel ${channel}`;
}
