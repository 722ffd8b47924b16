import { describe, expect, it } from 'vitest';
import { createUuidV7 } from './uuid-v7';

describe('createUuidV7', () => {
  it('writes the milliseconds first, then the version and variant bits', () => {
    const id = createUuidV7(0x0123_4567_89ab);
    expect(id).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('sorts by time and differs within one millisecond', () => {
    const earlier = createUuidV7(1_700_000_000_000);
    const later = createUuidV7(1_700_000_000_001);
    expect(earlier < later).toBe(true);
    expect(createUuidV7(1_700_000_000_000)).not.toBe(earlier);
  });

  it('refuses a time that does not fit 48 bits', () => {
    expect(() => createUuidV7(-1)).toThrow(RangeError);
    expect(() => createUuidV7(2 ** 48)).toThrow(RangeError);
  });
});
