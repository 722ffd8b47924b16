import { describe, expect, it, vi } from 'vitest';
import { createCatchUp } from './catch-up';

describe('createCatchUp', () => {
  it('reads nothing again on the first connect, nor while the feed stays live', () => {
    const refetchAll = vi.fn();
    const catchUp = createCatchUp(refetchAll);
    catchUp.connected();
    catchUp.feed(true);
    catchUp.feed(true);
    expect(refetchAll).not.toHaveBeenCalled();
  });

  it('reads everything again once the feed is back after an outage, once', () => {
    const refetchAll = vi.fn();
    const catchUp = createCatchUp(refetchAll);
    catchUp.connected();
    catchUp.feed(true);
    catchUp.feed(false);
    catchUp.feed(false);
    expect(refetchAll).not.toHaveBeenCalled();
    catchUp.feed(true);
    expect(refetchAll).toHaveBeenCalledTimes(1);
    catchUp.feed(true);
    expect(refetchAll).toHaveBeenCalledTimes(1);
  });

  it('reads everything again after a reconnect, and not twice when the feed is live by then', () => {
    const refetchAll = vi.fn();
    const catchUp = createCatchUp(refetchAll);
    catchUp.connected();
    catchUp.feed(false);
    catchUp.connected();
    expect(refetchAll).toHaveBeenCalledTimes(1);
    catchUp.feed(true);
    expect(refetchAll).toHaveBeenCalledTimes(1);
  });

  it('catches up when the feed returns after a reconnect that found it still down', () => {
    const refetchAll = vi.fn();
    const catchUp = createCatchUp(refetchAll);
    catchUp.connected();
    catchUp.connected();
    catchUp.feed(false);
    catchUp.feed(true);
    expect(refetchAll).toHaveBeenCalledTimes(2);
  });
});
