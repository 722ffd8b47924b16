import type { Instrument } from '../instrument/instrument';
import { addPaise, mulPaise, negatePaise, subPaise } from '../money/paise';
import type { Paise } from '../money/paise';
import { describeRupees, describeTimeOfDay } from './describe';
import { isWithinEntryWindow } from './entry-window';
import type { RiskConfig } from './risk-config';
import { computeDailyLossLimit, computeHeatLimit, computePerTradeRiskCap } from './risk-limits';
import type { RiskPortfolio } from './risk-portfolio';
import { computeLotLimits } from './size-entry';
import type { LotLimit, SizeLimit } from './size-entry';
import { findEntryInputIssues } from './validate-entry-input';

export const ENTRY_REJECTION_REASONS = [
  'TRADING_NOT_ACTIVE',
  'INVALID_INPUT',
  'OUTSIDE_ENTRY_WINDOW',
  'DAILY_LOSS_STOP',
  'MAX_OPEN_POSITIONS',
  'PORTFOLIO_HEAT',
  'PER_TRADE_RISK',
  'MAX_QUANTITY',
  'MAX_NOTIONAL',
  'ZERO_LOTS',
] as const;
export type EntryRejectionReason = (typeof ENTRY_REJECTION_REASONS)[number];

export interface EntryApproval {
  readonly approved: true;
  /** Units to order: lots × lot size. */
  readonly quantity: number;
  readonly lots: number;
  /** quantity × stop distance: what this trade loses if its stop fills at the stop price. */
  readonly riskAmount: Paise;
  readonly perTradeRiskCap: Paise;
  readonly heatBefore: Paise;
  readonly heatAfter: Paise;
  readonly heatLimit: Paise;
  /** The limit that decided the size (the first in gate order when several tie). */
  readonly sizedBy: SizeLimit;
}

export interface EntryRejection {
  readonly approved: false;
  readonly reason: EntryRejectionReason;
  /** For the decision log and the dashboard: the numbers that failed, in words. */
  readonly detail: string;
}

export type EntryDecision = EntryApproval | EntryRejection;

function reject(reason: EntryRejectionReason, detail: string): EntryRejection {
  return { approved: false, reason, detail };
}

function describeZeroLots(
  limit: SizeLimit,
  config: RiskConfig,
  instrument: Instrument,
  stopDistance: Paise,
  price: Paise,
  perTradeRiskCap: Paise,
  heatRoom: Paise,
): EntryRejection {
  const lot = `one lot (${instrument.lotSize})`;
  const lotSize = BigInt(instrument.lotSize);
  const lotRisk = describeRupees(BigInt(stopDistance) * lotSize);
  switch (limit) {
    case 'PER_TRADE_RISK':
      return reject(
        'PER_TRADE_RISK',
        `${lot} risks ${lotRisk}, above the per-trade cap ${describeRupees(perTradeRiskCap)}`,
      );
    case 'MAX_QUANTITY':
      return reject(
        'MAX_QUANTITY',
        `${lot} exceeds the max quantity per order ${config.maxQuantityPerOrder ?? 'none'}`,
      );
    case 'MAX_NOTIONAL':
      return reject(
        'MAX_NOTIONAL',
        `${lot} costs ${describeRupees(BigInt(price) * lotSize)}, above the max notional per order ${describeRupees(config.maxNotionalPerOrder ?? 0)}`,
      );
    case 'PORTFOLIO_HEAT':
    case 'FREEZE_QUANTITY':
      // Freeze ≥ one lot is validated, so in practice this is the heat room: some is left,
      // but less than one lot's risk.
      return reject(
        'ZERO_LOTS',
        `sizing gives zero lots: ${lot} risks ${lotRisk}, above the ${describeRupees(heatRoom)} of heat room left`,
      );
  }
}

function pickBinding(limits: readonly LotLimit[]): LotLimit {
  let binding: LotLimit | undefined;
  for (const candidate of limits) {
    if (binding === undefined || candidate.lots < binding.lots) binding = candidate;
  }
  if (binding === undefined) throw new Error('sizing always has per-trade and heat limits');
  return binding;
}

/**
 * Whether a new entry may be taken, and with what size. Pure: the caller supplies the clock
 * reading (portfolio.nowIstMinutes) and every number; the same inputs give the same decision.
 *
 * Gates, in order (the first that fails names the reason):
 * 1. TRADING_NOT_ACTIVE   state is not ACTIVE. First because PAUSED/HALTED refuse every entry
 *                         whatever else is true, and a kill switch must not be masked by a
 *                         data problem in the other inputs.
 * 2. INVALID_INPUT        config invalid (validateRiskConfig), stop distance / price / capital
 *                         not positive integer paise, lot size not a positive integer, freeze
 *                         quantity below one lot, an index as instrument, portfolio numbers
 *                         malformed.
 * 3. OUTSIDE_ENTRY_WINDOW now is not in [start, end) of the IST entry window.
 * 4. DAILY_LOSS_STOP      realised + unrealised P&L today ≤ −(daily loss limit).
 * 5. MAX_OPEN_POSITIONS   open positions ≥ the maximum.
 * 6. PORTFOLIO_HEAT       open risk already ≥ the heat limit (no room at all).
 * Sizing: lots = floor(min(per-trade cap, heat room) / (stop distance × lot size)), then
 * capped by max quantity, max notional and freeze quantity, each rounded down to whole lots.
 * When the result is zero lots the first limit (in this order) that allows zero names it:
 * 7. PER_TRADE_RISK       one lot risks more than the per-trade cap.
 * 8. ZERO_LOTS            the heat room left is positive but smaller than one lot's risk,
 *                         so sizing rounds down to nothing (the detail names the heat room).
 * 9. MAX_QUANTITY         one lot is more than the max quantity per order.
 * 10. MAX_NOTIONAL        one lot costs more than the max notional per order.
 * The freeze quantity cannot give zero lots: gate 2 requires it to be at least one lot.
 *
 * @param stopDistance per unit, |entry − stop|: what one unit loses if the stop fills there
 * @param price expected entry price per unit, for the notional cap
 * @param capital what the percentage limits are taken of (the account's trading capital)
 */
export function canEnter(
  riskConfig: RiskConfig,
  portfolio: RiskPortfolio,
  stopDistance: Paise,
  instrument: Instrument,
  price: Paise,
  capital: Paise,
): EntryDecision {
  // Compared as a string on purpose: an unknown state from a bad row fails closed.
  const state: string = portfolio.tradingState;
  if (state !== 'ACTIVE') {
    return reject('TRADING_NOT_ACTIVE', `trading is ${state}: no new entries`);
  }

  const issues = findEntryInputIssues(
    riskConfig,
    portfolio,
    stopDistance,
    instrument,
    price,
    capital,
  );
  if (issues.length > 0) return reject('INVALID_INPUT', issues.join('; '));

  const { entryWindow } = riskConfig;
  if (!isWithinEntryWindow(entryWindow, portfolio.nowIstMinutes)) {
    return reject(
      'OUTSIDE_ENTRY_WINDOW',
      `${describeTimeOfDay(portfolio.nowIstMinutes)} IST is outside the entry window ${entryWindow.start}–${entryWindow.end}`,
    );
  }

  const pnlToday = addPaise(portfolio.realisedPnlToday, portfolio.unrealisedPnlToday);
  const dailyLossLimit = computeDailyLossLimit(riskConfig, capital);
  if (pnlToday <= negatePaise(dailyLossLimit)) {
    return reject(
      'DAILY_LOSS_STOP',
      `today's P&L ${describeRupees(pnlToday)} has reached the daily loss stop of ${describeRupees(dailyLossLimit)}`,
    );
  }

  if (portfolio.openPositions >= riskConfig.maxOpenPositions) {
    return reject(
      'MAX_OPEN_POSITIONS',
      `${portfolio.openPositions} positions open, the maximum is ${riskConfig.maxOpenPositions}`,
    );
  }

  const heatLimit = computeHeatLimit(riskConfig, capital);
  const heatBefore = portfolio.openRisk;
  if (heatBefore >= heatLimit) {
    return reject(
      'PORTFOLIO_HEAT',
      `open risk ${describeRupees(heatBefore)} has reached the heat limit ${describeRupees(heatLimit)}`,
    );
  }

  const perTradeRiskCap = computePerTradeRiskCap(riskConfig, capital);
  const heatRoom = subPaise(heatLimit, heatBefore);
  const limits = computeLotLimits({
    stopDistance,
    price,
    lotSize: instrument.lotSize,
    perTradeRiskCap,
    heatRoom,
    maxQuantityPerOrder: riskConfig.maxQuantityPerOrder,
    maxNotionalPerOrder: riskConfig.maxNotionalPerOrder,
    freezeQuantity: instrument.freezeQuantity,
  });
  const binding = pickBinding(limits);
  if (binding.lots === 0) {
    return describeZeroLots(
      binding.limit,
      riskConfig,
      instrument,
      stopDistance,
      price,
      perTradeRiskCap,
      heatRoom,
    );
  }

  const quantity = binding.lots * instrument.lotSize;
  const riskAmount = mulPaise(stopDistance, quantity);
  return {
    approved: true,
    quantity,
    lots: binding.lots,
    riskAmount,
    perTradeRiskCap,
    heatBefore,
    heatAfter: addPaise(heatBefore, riskAmount),
    heatLimit,
    sizedBy: binding.limit,
  };
}
