import { describe, expect, it } from 'vitest';
import { postbackChecksum, sameHex, sessionChecksum, sha256Hex } from './checksum';

describe('checksums', () => {
  it('hashes with SHA-256 as lowercase hex', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('builds the session checksum from api_key + request_token + api_secret', () => {
    expect(sessionChecksum('key', 'req', 'secret')).toBe(sha256Hex('keyreqsecret'));
  });

  it('builds the postback checksum from order_id + order_timestamp + api_secret', () => {
    expect(postbackChecksum('220303000308932', '2022-03-03 09:24:25', 's')).toBe(
      sha256Hex('2203030003089322022-03-03 09:24:25s'),
    );
  });

  it('compares hex case-insensitively and refuses different lengths', () => {
    expect(sameHex('ABCD', 'abcd')).toBe(true);
    expect(sameHex('abcd', 'abce')).toBe(false);
    expect(sameHex('abc', 'abcd')).toBe(false);
  });
});
