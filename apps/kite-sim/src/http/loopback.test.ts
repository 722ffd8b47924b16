import { describe, expect, it } from 'vitest';
import { isLoopback } from './loopback';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])('accepts %s', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.5', '::ffff:192.168.1.2', '128.0.0.1', '', undefined])(
    'refuses %s',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});
