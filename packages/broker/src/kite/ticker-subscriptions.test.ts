import { describe, expect, it } from 'vitest';
import { createTickerSubscriptions } from './ticker-subscriptions';

describe('createTickerSubscriptions', () => {
  it('groups tokens by their latest mode', () => {
    const subs = createTickerSubscriptions();
    expect(subs.add([1, 2, 2, 3], 'quote')).toEqual([1, 2, 3]);
    subs.add([3], 'full');
    subs.add([4], 'ltp');
    expect(Object.fromEntries(subs.byMode())).toEqual({ quote: [1, 2], full: [3], ltp: [4] });
  });

  it('removes only what was subscribed', () => {
    const subs = createTickerSubscriptions();
    subs.add([1, 2], 'ltp');
    expect(subs.remove([2, 9])).toEqual([2]);
    expect(subs.size()).toBe(1);
  });

  it('refuses a token that cannot be one', () => {
    expect(() => createTickerSubscriptions().add([0], 'ltp')).toThrow(RangeError);
    expect(() => createTickerSubscriptions().add([1.5], 'ltp')).toThrow(RangeError);
  });
});
