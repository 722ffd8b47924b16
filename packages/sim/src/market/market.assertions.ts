import { expect } from 'vitest';
import type { Market } from './create-market';
import { DEPTH_LEVELS } from './depth';
import type { Quote, SimInstrument } from './market-view';
import { intrinsicValue } from './option-pricing';

function requireQuote(market: Market, instrument: SimInstrument): Quote {
  const quote = market.quote(instrument.token);
  if (quote === undefined) throw new Error(`no quote for ${instrument.tradingSymbol}`);
  return quote;
}

/**
 * Everything a quote must satisfy at any moment, whatever the seed and the time, as a list
 * of broken rules (empty when sane). Collected rather than asserted one by one: property
 * tests check thousands of quotes.
 */
export function findQuoteProblems(market: Market, instrument: SimInstrument): string[] {
  const q = requireQuote(market, instrument);
  const tick = instrument.tickSize;
  const lot = instrument.lotSize;
  const problems: string[] = [];
  const check = (ok: boolean, rule: string): void => {
    if (!ok) problems.push(`${instrument.tradingSymbol}: ${rule}`);
  };
  for (const price of [q.lastPrice, q.open, q.high, q.low, q.close]) {
    check(Number.isSafeInteger(price) && price > 0, `${price} is not positive whole paise`);
    check(price % tick === 0, `${price} is off the ${tick} tick`);
  }
  check(q.low <= q.lastPrice && q.lastPrice <= q.high, `last ${q.lastPrice} outside low–high`);
  check(q.low <= q.open && q.open <= q.high, `open ${q.open} outside low–high`);
  check(Number.isSafeInteger(q.averagePrice), `average ${q.averagePrice} is not whole paise`);
  if (q.volume > 0) {
    check(q.low <= q.averagePrice && q.averagePrice <= q.high, `average outside low–high`);
  }
  check(q.volume % lot === 0, `volume ${q.volume} is not whole lots`);

  if (instrument.type === 'INDEX') {
    check(q.depth.buy.length === 0 && q.depth.sell.length === 0, 'an index has depth');
    check(q.volume === 0 && q.oi === 0, 'an index has volume or OI');
    check(q.lowerCircuit === 0 && q.upperCircuit === 0, 'an index has circuits');
    return problems;
  }
  check(q.lowerCircuit <= q.low && q.high <= q.upperCircuit, 'day range outside the circuits');
  check(q.lowerCircuit % tick === 0 && q.upperCircuit % tick === 0, 'circuits off tick');

  const { buy, sell } = q.depth;
  check(buy.length <= DEPTH_LEVELS && sell.length <= DEPTH_LEVELS, 'more than 5 levels');
  for (const level of [...buy, ...sell]) {
    check(level.price % tick === 0, `depth price ${level.price} off tick`);
    check(
      level.price >= q.lowerCircuit && level.price <= q.upperCircuit,
      `depth ${level.price} outside circuits`,
    );
    check(level.quantity > 0 && level.quantity % lot === 0, `depth qty ${level.quantity}`);
    check(level.orders >= 1, 'a level without orders');
  }
  buy.forEach((level, i) => {
    check(i === 0 || level.price < (buy[i - 1]?.price ?? 0), 'bids not best first');
  });
  sell.forEach((level, i) => {
    check(i === 0 || level.price > (sell[i - 1]?.price ?? 0), 'asks not best first');
  });
  if (buy[0] !== undefined && sell[0] !== undefined) {
    check(buy[0].price < sell[0].price, 'crossed book');
  }

  if (instrument.type === 'EQ') {
    check(q.oi === 0 && q.oiDayHigh === 0 && q.oiDayLow === 0, 'a stock has OI');
    return problems;
  }
  check(q.oi % lot === 0, `OI ${q.oi} not whole lots`);
  check(q.oiDayLow <= q.oi && q.oi <= q.oiDayHigh, 'OI outside its day range');

  if ((instrument.type === 'CE' || instrument.type === 'PE') && instrument.strike !== null) {
    const underlying = market.quote(instrument.underlyingToken ?? -1);
    if (underlying === undefined) throw new Error(`${instrument.tradingSymbol} has no underlying`);
    const intrinsic = intrinsicValue(instrument.type, underlying.lastPrice, instrument.strike);
    check(q.lastPrice >= intrinsic, `last ${q.lastPrice} below intrinsic ${intrinsic}`);
    check(q.lastPrice >= tick, 'below one tick');
  }
  return problems;
}

export function expectSaneMarket(market: Market): void {
  const problems = market.instruments().flatMap((i) => findQuoteProblems(market, i));
  expect(problems).toEqual([]);
}

export function snapshot(market: Market): (Quote | undefined)[] {
  return market.instruments().map((i) => market.quote(i.token));
}

export function requireInstrument(market: Market, exchange: string, symbol: string): SimInstrument {
  const instrument = market.instrumentBySymbol(exchange, symbol);
  if (instrument === undefined) throw new Error(`${exchange}:${symbol} is not listed`);
  return instrument;
}

export function lastPriceOf(market: Market, exchange: string, symbol: string): number {
  return requireQuote(market, requireInstrument(market, exchange, symbol)).lastPrice;
}
