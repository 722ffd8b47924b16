import type { OrderSide, OrderType, Paise, Product } from '@kavach/domain';

export type GttType = 'single' | 'two-leg';
export type GttStatus =
  'active' | 'triggered' | 'disabled' | 'expired' | 'cancelled' | 'rejected' | 'deleted';

export interface GttCondition {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly instrumentToken: number;
  /** One value for single, [lower, upper] for two-leg. */
  readonly triggerValues: readonly Paise[];
  /** The last price when the trigger was set: it tells which way a single trigger fires. */
  readonly lastPrice: Paise;
}

export interface GttOrderSpec {
  readonly exchange: string;
  readonly tradingsymbol: string;
  readonly transactionType: OrderSide;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly quantity: number;
  readonly price: Paise;
}

/** What happened when a leg fired: Kite's `result` block. */
export interface GttLegResult {
  readonly timestamp: number;
  readonly triggeredAt: Paise;
  readonly orderId: string | null;
  readonly rejectionReason: string | null;
}

export interface GttRecord {
  readonly id: number;
  readonly type: GttType;
  readonly status: GttStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly expiresAt: number;
  readonly condition: GttCondition;
  readonly orders: readonly GttOrderSpec[];
  /** One per order leg; null until that leg fires. */
  readonly results: readonly (GttLegResult | null)[];
}

export interface GttDraft {
  readonly type: GttType;
  readonly condition: GttCondition;
  readonly orders: readonly GttOrderSpec[];
}
