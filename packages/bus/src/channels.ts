import { MAX_INSTRUMENT_TOKEN } from '@kavach/domain';

/**
 * Channel names. Ticks have one channel per instrument so a view can follow a single
 * instrument; everything else is one channel per kind of message.
 */
export const CHANNELS = {
  signals: 'signals',
  decisions: 'decisions',
  orders: 'orders',
  risk: 'risk',
  events: 'events',
} as const;

export type NamedChannel = (typeof CHANNELS)[keyof typeof CHANNELS];
export type TickChannel = `ticks.${number}`;
export type BusChannel = NamedChannel | TickChannel;

const TICK_PREFIX = 'ticks.';
/** The Redis glob matching every tick channel (PSUBSCRIBE). */
export const TICKS_PATTERN = `${TICK_PREFIX}*`;

const NAMED_CHANNELS: ReadonlySet<string> = new Set(Object.values(CHANNELS));
const DECIMAL_TOKEN = /^(0|[1-9][0-9]{0,9})$/;

export function isValidInstrumentToken(token: number): boolean {
  return Number.isSafeInteger(token) && token >= 0 && token <= MAX_INSTRUMENT_TOKEN;
}

/** `ticks.<instrument_token>`; throws RangeError on a token Kite could not have issued. */
export function tickChannel(token: number): TickChannel {
  if (!isValidInstrumentToken(token)) {
    throw new RangeError(`instrument token must be an integer in 0..${MAX_INSTRUMENT_TOKEN}`);
  }
  return `${TICK_PREFIX}${token}`;
}

/** The instrument token of a tick channel name, or null when the name is not one. */
export function parseTickChannel(channel: string): number | null {
  if (!channel.startsWith(TICK_PREFIX)) return null;
  const digits = channel.slice(TICK_PREFIX.length);
  if (!DECIMAL_TOKEN.test(digits)) return null;
  const token = Number(digits);
  return isValidInstrumentToken(token) ? token : null;
}

export function isTickChannel(channel: string): channel is TickChannel {
  return parseTickChannel(channel) !== null;
}

export function isBusChannel(channel: string): channel is BusChannel {
  return NAMED_CHANNELS.has(channel) || isTickChannel(channel);
}
