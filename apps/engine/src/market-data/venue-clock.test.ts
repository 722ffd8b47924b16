import { describe, expect, it } from 'vitest';
import { createVenueClock } from './venue-clock';

describe('createVenueClock', () => {
  it('runs on from the venue time at the venue speed', () => {
    let local = 1_000;
    const clock = createVenueClock(() => local);
    clock.sync({ now: 5_000_000, speed: 60, paused: false });
    local += 1_000;
    expect(clock.now()).toBe(5_060_000);
  });

  it('stands still while the venue is paused', () => {
    let local = 0;
    const clock = createVenueClock(() => local);
    clock.sync({ now: 10_000, speed: 5, paused: true });
    local += 50_000;
    expect(clock.now()).toBe(10_000);
  });

  it('never goes backwards when a reading is behind what it already said', () => {
    let local = 0;
    const clock = createVenueClock(() => local);
    clock.sync({ now: 10_000, speed: 1, paused: false });
    local += 500;
    expect(clock.now()).toBe(10_500);
    clock.sync({ now: 10_200, speed: 1, paused: false });
    expect(clock.now()).toBe(10_500);
    local += 1_000;
    expect(clock.now()).toBe(11_200);
  });

  it('refuses to be read before it knows the venue time', () => {
    expect(() => createVenueClock().now()).toThrow(/before its first sync/);
  });
});
