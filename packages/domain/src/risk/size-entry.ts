import type { Paise } from '../money/paise';

/** The limits that bound an entry's size, in the order canEnter checks them. */
export const SIZE_LIMITS = [
  'PER_TRADE_RISK',
  'PORTFOLIO_HEAT',
  'MAX_QUANTITY',
  'MAX_NOTIONAL',
  'FREEZE_QUANTITY',
] as const;
export type SizeLimit = (typeof SIZE_LIMITS)[number];

export interface SizingInput {
  readonly stopDistance: Paise;
  readonly price: Paise;
  readonly lotSize: number;
  readonly perTradeRiskCap: Paise;
  /** Heat limit minus current open risk; positive. */
  readonly heatRoom: Paise;
  readonly maxQuantityPerOrder: number | null;
  readonly maxNotionalPerOrder: Paise | null;
  readonly freezeQuantity: number | null;
}

/** The most whole lots one limit allows. */
export interface LotLimit {
  readonly limit: SizeLimit;
  readonly lots: number;
}

/**
 * For each limit that is set, the most whole lots it allows, in SIZE_LIMITS order. Every
 * division rounds down, so each bound is the largest lot count that respects its limit.
 * Products such as stop × lot size can pass 2^53, so the arithmetic is BigInt; each quotient
 * is at most a Paise or a quantity, hence a safe integer again.
 */
export function computeLotLimits(input: SizingInput): readonly LotLimit[] {
  const lotSize = BigInt(input.lotSize);
  const riskPerLot = BigInt(input.stopDistance) * lotSize;
  const limits: LotLimit[] = [
    { limit: 'PER_TRADE_RISK', lots: Number(BigInt(input.perTradeRiskCap) / riskPerLot) },
    { limit: 'PORTFOLIO_HEAT', lots: Number(BigInt(input.heatRoom) / riskPerLot) },
  ];
  if (input.maxQuantityPerOrder !== null) {
    limits.push({
      limit: 'MAX_QUANTITY',
      lots: Number(BigInt(input.maxQuantityPerOrder) / lotSize),
    });
  }
  if (input.maxNotionalPerOrder !== null) {
    const notionalPerLot = BigInt(input.price) * lotSize;
    limits.push({
      limit: 'MAX_NOTIONAL',
      lots: Number(BigInt(input.maxNotionalPerOrder) / notionalPerLot),
    });
  }
  if (input.freezeQuantity !== null) {
    limits.push({ limit: 'FREEZE_QUANTITY', lots: Number(BigInt(input.freezeQuantity) / lotSize) });
  }
  return limits;
}
