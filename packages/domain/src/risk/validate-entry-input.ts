import type { Instrument } from '../instrument/instrument';
import { MAX_PAISE } from '../money/paise';
import type { Paise } from '../money/paise';
import { validateRiskConfig } from './risk-config';
import type { RiskConfig } from './risk-config';
import type { RiskPortfolio } from './risk-portfolio';

const MINUTES_PER_DAY = 24 * 60;

function isAmount(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= MAX_PAISE;
}

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/**
 * Every reason the inputs of canEnter cannot be evaluated, in words; empty when they can.
 * Values arrive from config files, the database and the broker, so the brand on Paise proves
 * nothing at run time: integrality and range are checked again here.
 */
export function findEntryInputIssues(
  config: RiskConfig,
  portfolio: RiskPortfolio,
  stopDistance: Paise,
  instrument: Instrument,
  price: Paise,
  capital: Paise,
): readonly string[] {
  const issues = validateRiskConfig(config).map((issue) => `config: ${issue}`);
  if (!isAmount(stopDistance) || stopDistance <= 0) {
    issues.push(`stop distance must be a positive number of paise, got ${stopDistance}`);
  }
  if (!isAmount(price) || price <= 0) {
    issues.push(`price must be a positive number of paise, got ${price}`);
  }
  if (!isAmount(capital) || capital <= 0) {
    issues.push(`capital must be a positive number of paise, got ${capital}`);
  }
  if (instrument.type === 'INDEX') {
    issues.push(`${instrument.tradingSymbol} is an index: it is quoted, never traded`);
  }
  if (!isCount(instrument.lotSize) || instrument.lotSize === 0) {
    issues.push(`lot size must be a positive integer, got ${instrument.lotSize}`);
  }
  const { freezeQuantity } = instrument;
  // As checkInstrument has it: an exchange never freezes below one lot.
  if (
    freezeQuantity !== null &&
    (!isCount(freezeQuantity) || freezeQuantity < instrument.lotSize)
  ) {
    issues.push(`freeze quantity must be null or at least one lot, got ${freezeQuantity}`);
  }
  if (!isCount(portfolio.openPositions)) {
    issues.push(`open positions must be a non-negative integer, got ${portfolio.openPositions}`);
  }
  if (!isAmount(portfolio.openRisk) || portfolio.openRisk < 0) {
    issues.push(`open risk must be a non-negative number of paise, got ${portfolio.openRisk}`);
  }
  if (!isAmount(portfolio.realisedPnlToday) || !isAmount(portfolio.unrealisedPnlToday)) {
    issues.push(
      `P&L must be integer paise, got realised ${portfolio.realisedPnlToday}, unrealised ${portfolio.unrealisedPnlToday}`,
    );
  }
  const now = portfolio.nowIstMinutes;
  if (!Number.isFinite(now) || now < 0 || now >= MINUTES_PER_DAY) {
    issues.push(`IST time of day must be minutes in [0, ${MINUTES_PER_DAY}), got ${now}`);
  }
  return issues;
}
