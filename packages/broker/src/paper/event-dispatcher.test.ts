import { describe, expect, it } from 'vitest';
import type { BrokerEvent } from '../broker';
import { createEventDispatcher } from './event-dispatcher';

const expired = (message: string): BrokerEvent => ({ type: 'sessionExpired', message });
const messageOf = (event: BrokerEvent): string =>
  event.type === 'sessionExpired' ? event.message : event.type;

describe('createEventDispatcher', () => {
  it('delivers queued events in order to every listener, and only on deliver', () => {
    const dispatcher = createEventDispatcher();
    const first: string[] = [];
    const second: string[] = [];
    dispatcher.listen((e) => first.push(messageOf(e)));
    const stop = dispatcher.listen((e) => second.push(messageOf(e)));
    dispatcher.enqueue(expired('a'));
    dispatcher.enqueue(expired('b'));
    expect(first).toEqual([]);
    dispatcher.deliver();
    stop();
    dispatcher.enqueue(expired('c'));
    dispatcher.deliver();
    expect(first).toEqual(['a', 'b', 'c']);
    expect(second).toEqual(['a', 'b']);
  });

  it('keeps the order when a listener causes events while one is being delivered', () => {
    const dispatcher = createEventDispatcher();
    const seen: string[] = [];
    dispatcher.listen((e) => {
      seen.push(messageOf(e));
      if (messageOf(e) === 'a') {
        dispatcher.enqueue(expired('caused by a'));
        dispatcher.deliver();
      }
    });
    dispatcher.enqueue(expired('a'));
    dispatcher.enqueue(expired('b'));
    dispatcher.deliver();
    expect(seen).toEqual(['a', 'b', 'caused by a']);
  });

  it('lets every listener run when one throws, then rethrows the first error', () => {
    const dispatcher = createEventDispatcher();
    const seen: string[] = [];
    dispatcher.listen(() => {
      throw new Error('listener bug');
    });
    dispatcher.listen((e) => seen.push(messageOf(e)));
    dispatcher.enqueue(expired('a'));
    dispatcher.enqueue(expired('b'));
    expect(() => {
      dispatcher.deliver();
    }).toThrow('listener bug');
    expect(seen).toEqual(['a', 'b']);
    dispatcher.enqueue(expired('c'));
    expect(() => {
      dispatcher.deliver();
    }).toThrow('listener bug');
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
