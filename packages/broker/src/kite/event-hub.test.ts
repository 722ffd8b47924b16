import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import { createEventHub } from './event-hub';
import type { BrokerLogger } from './broker-logger';

const silent: BrokerLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
const event: BrokerEvent = { type: 'marketData', state: 'CONNECTED', reason: null };

describe('createEventHub', () => {
  it('reaches every listener even when one throws, and logs the throw', () => {
    const errors: string[] = [];
    const hub = createEventHub({ ...silent, error: (_fields, message) => errors.push(message) });
    const seen: string[] = [];
    hub.on(() => {
      throw new Error('listener bug');
    });
    hub.on((e) => seen.push(e.type));
    hub.emit(event);
    expect(seen).toEqual(['marketData']);
    expect(errors).toEqual(['broker event listener threw']);
  });

  it('stops calling a listener once unsubscribed', () => {
    const hub = createEventHub(silent);
    const seen: BrokerEvent[] = [];
    const off = hub.on((e) => seen.push(e));
    hub.emit(event);
    off();
    hub.emit(event);
    expect(seen).toHaveLength(1);
  });
});
