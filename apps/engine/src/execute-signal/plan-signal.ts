import { checkOrderQuantity, lotsToQuantity, paise, roundToTick } from '@kavach/domain';
import type { Instrument, OrderSide, Paise } from '@kavach/domain';
import { computeBracketLevels } from './bracket-levels';
import type { BracketPercents } from './bracket-levels';
import type { ExecuteSignalBody } from './execute-signal-body';
import {
  NoHedgeStrikeError,
  UnknownContractError,
  pickHedgeStrike,
  resolveNiftyOption,
} from './resolve-nifty-option';
import { formatRupeeAmount, parseRupeeAmount } from './rupee-amount';

/** Everything about one signal that is known before any order goes out. */
export interface SignalPlan {
  readonly body: ExecuteSignalBody;
  readonly side: OrderSide;
  /** The signal's own price, exact: slippage is measured against it. */
  readonly signalPrice: Paise;
  readonly main: Instrument;
  /** The limit sent: the signal's price on the tick grid, never worse than asked. */
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: readonly [Paise, Paise];
  /** Units: lots × lot size. */
  readonly quantity: number;
  readonly hedge: Instrument | null;
}

export interface PlanContext {
  readonly instruments: readonly Instrument[];
  readonly todayIst: string;
  readonly percents: BracketPercents;
  readonly hedgeDistancePoints: number;
}

export type PlanResult =
  | { readonly ok: true; readonly plan: SignalPlan }
  | { readonly ok: false; readonly code: 'UNKNOWN_CONTRACT' | 'REFUSED'; readonly message: string };

/**
 * Resolves the contracts, the quantity and the bracket of a validated signal. Everything that
 * can refuse a signal without asking the market is checked here, before the hedge goes out:
 * a main leg refused after its hedge filled costs the hedge's spread for nothing.
 */
export function planSignal(body: ExecuteSignalBody, context: PlanContext): PlanResult {
  const side: OrderSide = body.signal;
  const signalPrice = parseRupeeAmount(body.entry_price);
  let main: Instrument;
  try {
    main = resolveNiftyOption(context.instruments, {
      strike: paise(body.strike * 100),
      optionType: body.option_type,
      todayIst: context.todayIst,
    });
  } catch (error) {
    if (!(error instanceof UnknownContractError)) throw error;
    return { ok: false, code: 'UNKNOWN_CONTRACT', message: error.message };
  }
  const quantity = lotsToQuantity(body.quantity, main.lotSize);
  const sizeCheck = checkOrderQuantity(quantity, main);
  if (!sizeCheck.ok) {
    const message = `${quantity} units of ${main.tradingSymbol}: ${sizeCheck.reason}; nothing sent`;
    return { ok: false, code: 'REFUSED', message };
  }
  const entry = roundToTick(signalPrice, main.tickSize, side === 'BUY' ? 'down' : 'up');
  const levels =
    entry > 0 ? computeBracketLevels(side, entry, main.tickSize, context.percents) : null;
  if (levels === null) {
    const message =
      `entry ${formatRupeeAmount(signalPrice)} is too small for a stop and two targets on the ` +
      `${formatRupeeAmount(main.tickSize)} tick; nothing sent`;
    return { ok: false, code: 'REFUSED', message };
  }
  let hedge: Instrument | null = null;
  if (body.hedge_enabled) {
    try {
      hedge = pickHedgeStrike(context.instruments, main, context.hedgeDistancePoints);
    } catch (error) {
      if (!(error instanceof NoHedgeStrikeError)) throw error;
      return { ok: false, code: 'REFUSED', message: `${error.message}; nothing sent` };
    }
  }
  const plan: SignalPlan = {
    body,
    side,
    signalPrice,
    main,
    entry,
    stop: levels.stop,
    targets: levels.targets,
    quantity,
    hedge,
  };
  return { ok: true, plan };
}
