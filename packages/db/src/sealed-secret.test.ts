import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './sealed-secret';

const KEY = 'data-encryption-key-0123456789-0123456789';

describe('sealed secrets', () => {
  it('opens what it sealed, and never shows the plaintext in the sealed form', () => {
    const sealed = sealSecret('kite-access-token-abc123', KEY);
    expect(sealed).not.toContain('kite-access-token');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(openSecret(sealed, KEY)).toBe('kite-access-token-abc123');
  });

  it('seals the same secret differently each time', () => {
    expect(sealSecret('same', KEY)).not.toBe(sealSecret('same', KEY));
  });

  it('gives null under another key or after tampering', () => {
    const sealed = sealSecret('kite-access-token-abc123', KEY);
    expect(openSecret(sealed, `${KEY}x`)).toBeNull();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${body?.[0] === 'A' ? 'B' : 'A'}${body?.slice(1) ?? ''}`;
    expect(openSecret([v, iv, tag, flipped].join('.'), KEY)).toBeNull();
    expect(openSecret('not sealed at all', KEY)).toBeNull();
  });
});
