import { describe, expect, it } from 'vitest';
import { isStorableText, toStorableJson, toStorableText } from './storable-json';

describe('storable text and JSON', () => {
  it('replaces NUL and lone surrogates, keeps pairs and everything else', () => {
    expect(toStorableText('a\u0000b')).toBe('a\uFFFDb');
    expect(toStorableText('x\uD800y')).toBe('x\uFFFDy');
    expect(toStorableText('x\uDFFF')).toBe('x\uFFFD');
    expect(toStorableText('₹ 😀 नमस्ते')).toBe('₹ 😀 नमस्ते');
  });

  it('tells storable text from text PostgreSQL refuses', () => {
    expect(isStorableText('₹ 😀 नमस्ते')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('x\uD800')).toBe(false);
  });

  it('cleans keys and values at any depth', () => {
    expect(
      toStorableJson({ 'k\u0000': ['v\uD800', { deep: 'ok\u0000' }], n: 1, b: true, z: null }),
    ).toEqual({ 'k\uFFFD': ['v\uFFFD', { deep: 'ok\uFFFD' }], n: 1, b: true, z: null });
  });
});
