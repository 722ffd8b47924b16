import { measureSlippage, paise } from '@kavach/domain';
import type { OrderSide, Paise } from '@kavach/domain';
import type { ExecuteSignalResponse } from './execute-signal-body';
import { formatRupeeAmount } from './rupee-amount';

export type SlippageAnswer = ExecuteSignalResponse['slippage'];

/** Slippage of the main leg's fill against the signal's price, as the answer reports it. */
export function describeFillSlippage(
  side: OrderSide,
  signalPrice: Paise,
  averagePrice: Paise,
  prefix: string,
): SlippageAnswer {
  // An average over several fills may carry a fraction of a paisa; slippage is in whole paise.
  const slippage = measureSlippage(side, signalPrice, paise(Math.round(averagePrice)));
  const points = formatRupeeAmount(slippage.perUnit);
  const percent = Math.round(slippage.percent * 100) / 100;
  const words =
    slippage.perUnit === 0
      ? 'at the signal price'
      : `${Math.abs(points).toFixed(2)} ${slippage.favourable ? 'better' : 'worse'} than the ` +
        `signal (${Math.abs(percent).toFixed(2)} %)`;
  return {
    slippage_points: points,
    slippage_percent: percent,
    favorable: slippage.favourable,
    message: `${prefix} ${words}`,
  };
}

/** No fill to measure: the message says why. */
export function describeNoFill(message: string): SlippageAnswer {
  return { slippage_points: null, slippage_percent: null, favorable: false, message };
}
