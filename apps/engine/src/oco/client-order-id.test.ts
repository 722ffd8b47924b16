import { describe, expect, it } from 'vitest';
import { createClientOrderId } from './client-order-id';

describe('createClientOrderId', () => {
  it('is a 20-character Kite tag naming the role', () => {
    const id = createClientOrderId('STOP');
    expect(id).toMatch(/^kS[0-9a-z]{18}$/);
    expect(id).toHaveLength(20);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createClientOrderId('ENTRY')));
    expect(ids.size).toBe(10_000);
  });

  it('uses the random source it is given', () => {
    expect(createClientOrderId('TP1', (n) => new Uint8Array(n))).toBe(`kA${'0'.repeat(18)}`);
  });
});
