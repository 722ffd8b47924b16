import { addPaise, mulPaise } from '../money/paise';
import type { Paise } from '../money/paise';
import type { EntryApproval, EntryDecision } from './can-enter';
import { describeRupees } from './describe';

/** A size the signal asks for instead of the risk config's: units, or a rupee risk. */
export type RequestedSize =
  | { readonly kind: 'quantity'; readonly quantity: number }
  | { readonly kind: 'risk'; readonly riskAmount: Paise };

export interface RequestedSizeRejection {
  readonly approved: false;
  readonly reason: 'REQUESTED_SIZE';
  readonly detail: string;
}

/**
 * Applies a requested size to the gates' decision. The gates' size is the most the limits
 * allow, so a request may shrink it, never grow it: a quantity above it, a quantity that is
 * not whole lots, or a risk amount too small for one lot is refused, naming the numbers.
 */
export function applyRequestedSize(
  decision: EntryDecision,
  requested: RequestedSize,
  stopDistance: Paise,
  lotSize: number,
): EntryApproval | EntryDecision | RequestedSizeRejection {
  if (!decision.approved) return decision;
  const refuse = (detail: string): RequestedSizeRejection => ({
    approved: false,
    reason: 'REQUESTED_SIZE',
    detail,
  });
  let lots: number;
  if (requested.kind === 'quantity') {
    const { quantity } = requested;
    if (!Number.isSafeInteger(quantity) || quantity <= 0 || quantity % lotSize !== 0) {
      return refuse(`quantity ${quantity} is not a positive multiple of the lot size ${lotSize}`);
    }
    lots = quantity / lotSize;
  } else {
    const lotRisk = BigInt(stopDistance) * BigInt(lotSize);
    lots = lotRisk === 0n ? 0 : Number(BigInt(requested.riskAmount) / lotRisk);
    if (lots === 0) {
      return refuse(
        `a risk of ${describeRupees(BigInt(requested.riskAmount))} does not cover one lot (${lotSize} units risk ${describeRupees(lotRisk)})`,
      );
    }
  }
  if (lots > decision.lots) {
    return refuse(
      `${lots * lotSize} units asked for, the risk limits allow at most ${decision.quantity} (${decision.sizedBy})`,
    );
  }
  const quantity = lots * lotSize;
  const riskAmount = mulPaise(stopDistance, quantity);
  return {
    ...decision,
    quantity,
    lots,
    riskAmount,
    heatAfter: addPaise(decision.heatBefore, riskAmount),
  };
}
