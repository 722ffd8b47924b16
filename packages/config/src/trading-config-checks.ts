import { hhMmToMinutes, nseCalendar2026, validateRiskConfig } from '@kavach/domain';
import type { RiskConfig } from '@kavach/domain';
import type { TradingConfigFile } from './trading-config-schema';

/**
 * Rules that tie fields together, which the per-field schema cannot see. Each problem names
 * the file's path of the field to change, as the schema's own errors do.
 */

const SESSION_OPEN = nseCalendar2026.sessionOpen;
const SESSION_CLOSE = nseCalendar2026.sessionClose;

function formatMinutes(minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${hh}:${mm}`;
}

function checkWindow(
  path: string,
  window: { readonly start: string; readonly end: string },
  problems: string[],
): void {
  if (hhMmToMinutes(window.start) >= hhMmToMinutes(window.end)) {
    problems.push(`${path}.end: must be after ${path}.start (${window.start})`);
  }
}

function checkTargets(path: string, tp1R: number, tp2R: number, problems: string[]): void {
  if (tp2R <= tp1R) problems.push(`${path}.tp2R: must be greater than tp1R (${tp1R})`);
}

function checkRisk(file: TradingConfigFile, converted: RiskConfig, problems: string[]): void {
  const { risk } = file;
  const before = problems.length;
  if (risk.perTradeRiskPct === null && risk.perTradeRiskRupees === null) {
    problems.push('risk.perTradeRiskPct: a per-trade risk cap is required (or perTradeRiskRupees)');
  }
  if (risk.dailyLossStopPct === null && risk.dailyLossStopRupees === null) {
    problems.push('risk.dailyLossStopPct: a daily loss stop is required (or dailyLossStopRupees)');
  }
  checkWindow('risk.entryWindow', risk.entryWindow, problems);
  // The domain's own validation is the last word; its findings are only worded in its units.
  if (problems.length === before) {
    for (const issue of validateRiskConfig(converted)) problems.push(`risk: ${issue}`);
  }
}

function checkEod(file: TradingConfigFile, problems: string[]): void {
  const { noNewEntriesAfter, squareOffAt } = file.eod;
  const cutoff = hhMmToMinutes(noNewEntriesAfter);
  const squareOff = hhMmToMinutes(squareOffAt);
  if (cutoff <= hhMmToMinutes(SESSION_OPEN) || cutoff > hhMmToMinutes(SESSION_CLOSE)) {
    problems.push(
      `eod.noNewEntriesAfter: must be inside the session (${SESSION_OPEN}–${SESSION_CLOSE})`,
    );
  }
  if (squareOff > hhMmToMinutes(SESSION_CLOSE)) {
    problems.push(`eod.squareOffAt: must be at or before the close (${SESSION_CLOSE})`);
  }
  if (squareOff <= cutoff) {
    problems.push(`eod.squareOffAt: must be after eod.noNewEntriesAfter (${noNewEntriesAfter})`);
  }
}

function checkStrategies(file: TradingConfigFile, problems: string[]): void {
  const { orb, vwap_ema: vwapEma } = file.strategies;
  checkWindow('strategies.orb.window', orb.window, problems);
  const rangeEnd = hhMmToMinutes(SESSION_OPEN) + orb.rangeMinutes;
  if (hhMmToMinutes(orb.window.start) < rangeEnd) {
    problems.push(
      `strategies.orb.window.start: must not be before the opening range ends (${formatMinutes(rangeEnd)})`,
    );
  }
  if (orb.maxRangePct <= orb.minRangePct) {
    problems.push(
      `strategies.orb.maxRangePct: must be greater than minRangePct (${orb.minRangePct})`,
    );
  }
  checkTargets('strategies.orb', orb.tp1R, orb.tp2R, problems);

  checkWindow('strategies.vwap_ema.window', vwapEma.window, problems);
  if (vwapEma.fastPeriod >= vwapEma.slowPeriod) {
    problems.push(
      `strategies.vwap_ema.fastPeriod: must be less than slowPeriod (${vwapEma.slowPeriod})`,
    );
  }
  if (vwapEma.maxStopPct <= vwapEma.minStopPct) {
    problems.push(
      `strategies.vwap_ema.maxStopPct: must be greater than minStopPct (${vwapEma.minStopPct})`,
    );
  }
  checkTargets('strategies.vwap_ema', vwapEma.tp1R, vwapEma.tp2R, problems);
}

/** Every cross-field problem, in file paths; empty when the config is coherent. */
export function checkTradingConfigFile(
  file: TradingConfigFile,
  convertedRisk: RiskConfig,
): readonly string[] {
  const problems: string[] = [];
  checkRisk(file, convertedRisk, problems);
  checkEod(file, problems);
  checkStrategies(file, problems);
  return problems;
}
