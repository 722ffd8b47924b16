import type { Clock } from '@kavach/domain';
import type { TickMode } from '../broker';
import { decodeTicks } from './decode-ticks';
import type { TickerSocketHandlers } from './ticker-socket';
import { isWireRecord } from './wire-fields';

/**
 * Kite's ticker protocol above the WebSocket, as the official client speaks it: JSON text
 * commands out; binary tick frames, 1-byte heartbeats and JSON text messages in.
 */

/** Kite beats once a second on a quiet connection with a frame of one byte. */
const HEARTBEAT_BYTES = 1;

export type TickerCommand =
  | { readonly a: 'subscribe' | 'unsubscribe'; readonly v: readonly number[] }
  | { readonly a: 'mode'; readonly v: readonly [TickMode, readonly number[]] };

/**
 * Subscribing alone gets quote mode, so every subscribe is followed by its mode, as
 * KiteTicker's users do (`subscribe` then `setMode`).
 */
export function subscribeCommands(
  tokens: readonly number[],
  mode: TickMode,
): readonly TickerCommand[] {
  if (tokens.length === 0) return [];
  return [
    { a: 'subscribe', v: tokens },
    { a: 'mode', v: [mode, tokens] },
  ];
}

export function unsubscribeCommands(tokens: readonly number[]): readonly TickerCommand[] {
  return tokens.length === 0 ? [] : [{ a: 'unsubscribe', v: tokens }];
}

export type BinaryFrameHandlers = Pick<TickerSocketHandlers, 'onFrame' | 'onTicks'>;

/**
 * Everything the socket does with one binary frame, the engine's whole decoding path (the
 * tick bench times exactly this). The bytes are read in place: `frame` may be a view into a
 * larger buffer, as ws hands them over.
 */
export function handleBinaryFrame(
  frame: Uint8Array,
  clock: Clock,
  handlers: BinaryFrameHandlers,
): void {
  handlers.onFrame();
  if (frame.byteLength <= HEARTBEAT_BYTES) return;
  const { ticks, unreadable } = decodeTicks(frame, clock.now());
  if (ticks.length > 0 || unreadable > 0) handlers.onTicks(ticks, unreadable);
}

export type TextMessageHandlers = Pick<TickerSocketHandlers, 'onOrderUpdate' | 'onError'>;

/**
 * `{"type":"order","data":…}` is an order update, `{"type":"error","data":"…"}` the venue
 * refusing something (a bad command, too many instruments). Anything else, Kite's broadcast
 * `message` included, is not for the engine; KiteTicker drops unparseable text too.
 */
export function handleTextMessage(text: string, handlers: TextMessageHandlers): void {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return;
  }
  if (!isWireRecord(message)) return;
  if (message.type === 'order') {
    handlers.onOrderUpdate(message.data);
  } else if (message.type === 'error') {
    const { data } = message;
    handlers.onError(typeof data === 'string' ? data : JSON.stringify(data));
  }
}
