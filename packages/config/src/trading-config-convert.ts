import type { RiskConfig } from '@kavach/domain';
import type { TradingConfigFile } from './trading-config-schema';
import type { TradingConfig } from './trading-config-types';
import { percentToBps, rupeesToWholePaise } from './trading-config-units';

const bpsOrNull = (percent: number | null) => (percent === null ? null : percentToBps(percent));
const paiseOrNull = (rupees: number | null) =>
  rupees === null ? null : rupeesToWholePaise(rupees);

function convertRisk(risk: TradingConfigFile['risk']): RiskConfig {
  return {
    perTradeRiskBps: bpsOrNull(risk.perTradeRiskPct),
    perTradeRiskPaise: paiseOrNull(risk.perTradeRiskRupees),
    portfolioHeatBps: percentToBps(risk.portfolioHeatPct),
    dailyLossStopBps: bpsOrNull(risk.dailyLossStopPct),
    dailyLossStopPaise: paiseOrNull(risk.dailyLossStopRupees),
    maxOpenPositions: risk.maxOpenPositions,
    maxQuantityPerOrder: risk.maxQuantityPerOrder,
    maxNotionalPerOrder: paiseOrNull(risk.maxNotionalPerOrderRupees),
    entryWindow: { start: risk.entryWindow.start, end: risk.entryWindow.end },
  };
}

/** The file's rupees and percent into the domain's paise and basis points. */
export function convertTradingConfigFile(file: TradingConfigFile): TradingConfig {
  const { orb, vwap_ema: vwapEma } = file.strategies;
  return {
    capital: rupeesToWholePaise(file.capitalRupees),
    risk: convertRisk(file.risk),
    eod: { noNewEntriesAfter: file.eod.noNewEntriesAfter, squareOffAt: file.eod.squareOffAt },
    universe: [...file.universe],
    orders: {
      product: file.orders.product,
      entryOrderType: file.orders.entryOrderType,
      marketProtectionPct: file.orders.marketProtectionPct,
      stopOrderType: file.orders.stopOrderType,
      stopLimitBufferBps: percentToBps(file.orders.stopLimitBufferPct),
    },
    scan: { maxSignalsPerCycle: file.scan.maxSignalsPerCycle, minScore: file.scan.minScore },
    strategies: {
      orb: {
        enabled: orb.enabled,
        rangeMinutes: orb.rangeMinutes,
        window: { start: orb.window.start, end: orb.window.end },
        volumeMultiple: orb.volumeMultiple,
        minRangeBps: percentToBps(orb.minRangePct),
        maxRangeBps: percentToBps(orb.maxRangePct),
        entry: orb.entry,
        entryBufferBps: percentToBps(orb.entryBufferPct),
        stopAt: orb.stopAt,
        maxStopBps: percentToBps(orb.maxStopPct),
        tp1R: orb.tp1R,
        tp2R: orb.tp2R,
      },
      vwap_ema: {
        enabled: vwapEma.enabled,
        fastPeriod: vwapEma.fastPeriod,
        slowPeriod: vwapEma.slowPeriod,
        minBars: vwapEma.minBars,
        window: { start: vwapEma.window.start, end: vwapEma.window.end },
        pullbackBars: vwapEma.pullbackBars,
        touchToleranceBps: percentToBps(vwapEma.touchTolerancePct),
        minTrendBps: percentToBps(vwapEma.minTrendPct),
        stopBufferTicks: vwapEma.stopBufferTicks,
        minStopTicks: vwapEma.minStopTicks,
        minStopBps: percentToBps(vwapEma.minStopPct),
        maxStopBps: percentToBps(vwapEma.maxStopPct),
        cooldownMinutes: vwapEma.cooldownMinutes,
        tp1R: vwapEma.tp1R,
        tp2R: vwapEma.tp2R,
      },
    },
  };
}
