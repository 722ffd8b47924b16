import { describe, expect, it } from 'vitest';
import { postbackChecksum } from '../kite/checksum';
import { toOrderUpdatePayload } from './order-update-payload';

describe('toOrderUpdatePayload', () => {
  it('adds the postback fields, drops `modified` and carries the update status', () => {
    const payload = toOrderUpdatePayload(
      {
        order_id: '261123000000007',
        order_timestamp: '2026-11-23 10:00:05',
        status: 'OPEN',
        quantity: 10,
        filled_quantity: 4,
        modified: false,
      },
      'UPDATE',
      { userId: 'KS0001', appId: 1001, apiSecret: 'secret' },
    );
    expect(payload).toEqual({
      user_id: 'KS0001',
      app_id: 1001,
      unfilled_quantity: 6,
      checksum: postbackChecksum('261123000000007', '2026-11-23 10:00:05', 'secret'),
      order_id: '261123000000007',
      order_timestamp: '2026-11-23 10:00:05',
      status: 'UPDATE',
      quantity: 10,
      filled_quantity: 4,
    });
  });
});
