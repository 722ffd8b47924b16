import {
  LEG_ROLES,
  ORDER_SIDES,
  ORDER_STATUSES,
  ORDER_TYPES,
  PRODUCTS,
  TRADING_STATES,
  VALIDITIES,
} from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import {
  OrderRole,
  OrderStatus,
  OrderType,
  Product,
  Side,
  TradingState,
  Validity,
} from './generated/prisma/enums';

// The database enums must hold exactly the domain's values, or a row could not be written
// (or read back) for some state the engine reaches.
describe('database enums match @kavach/domain', () => {
  it.each([
    ['OrderStatus', OrderStatus, ORDER_STATUSES],
    ['OrderRole', OrderRole, LEG_ROLES],
    ['Side', Side, ORDER_SIDES],
    ['Product', Product, PRODUCTS],
    ['Validity', Validity, VALIDITIES],
    ['TradingState', TradingState, TRADING_STATES],
  ] as const)('%s', (_name, dbEnum, domainValues) => {
    expect(Object.values(dbEnum).sort()).toEqual([...domainValues].sort());
  });

  it('OrderType, with SL-M spelt SL_M in Prisma', () => {
    expect(
      Object.values(OrderType)
        .map((v) => (v === 'SL_M' ? 'SL-M' : v))
        .sort(),
    ).toEqual([...ORDER_TYPES].sort());
  });
});
