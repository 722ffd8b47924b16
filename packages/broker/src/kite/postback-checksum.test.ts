import { describe, expect, it } from 'vitest';
import { computePostbackChecksum, verifyPostbackChecksum } from './postback-checksum';

// printf '%s' '2601230000000422026-01-23 10:15:02kavach_test_secret' | sha256sum
const KNOWN = '9d45bedbff1590d9154d56099c45199e1261272d7611206dcc83ea86ab1b1d9e';

describe('postback checksum', () => {
  it('is sha256(order_id + order_timestamp + api_secret)', () => {
    expect(
      computePostbackChecksum('260123000000042', '2026-01-23 10:15:02', 'kavach_test_secret'),
    ).toBe(KNOWN);
  });

  it('accepts a body signed with our secret, in either case', () => {
    const body = {
      order_id: '260123000000042',
      order_timestamp: '2026-01-23 10:15:02',
      checksum: KNOWN,
    };
    expect(verifyPostbackChecksum(body, 'kavach_test_secret')).toEqual({ ok: true });
    expect(
      verifyPostbackChecksum({ ...body, checksum: KNOWN.toUpperCase() }, 'kavach_test_secret'),
    ).toEqual({ ok: true });
  });

  it('refuses another secret, another order, a missing field', () => {
    const body = {
      order_id: '260123000000042',
      order_timestamp: '2026-01-23 10:15:02',
      checksum: KNOWN,
    };
    expect(verifyPostbackChecksum(body, 'other_secret').ok).toBe(false);
    expect(
      verifyPostbackChecksum({ ...body, order_id: '260123000000043' }, 'kavach_test_secret').ok,
    ).toBe(false);
    expect(verifyPostbackChecksum({ ...body, checksum: 'abc' }, 'kavach_test_secret').ok).toBe(
      false,
    );
    expect(
      verifyPostbackChecksum({ order_id: body.order_id, checksum: KNOWN }, 'kavach_test_secret'),
    ).toEqual({
      ok: false,
      reason: 'postback without order_timestamp',
    });
  });
});
