import { paise } from '@kavach/domain';
import type { Paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { alignAlertPrices } from './alert-prices';
import type { EntryAlert } from './tradingview-alert';

const TICK = paise(5);

function alertOf(
  action: 'BUY' | 'SELL',
  price: number,
  stop: number,
  targets: [number] | [number, number],
): EntryAlert {
  return {
    symbol: 'RELIANCE',
    exchange: 'NSE',
    action,
    price: paise(price),
    stop: paise(stop),
    targets: targets.map(paise) as [Paise] | [Paise, Paise],
    sizing: { kind: 'config' },
  };
}

describe('alignAlertPrices', () => {
  it('leaves prices on the tick alone', () => {
    expect(alignAlertPrices(alertOf('BUY', 250_055, 248_000, [254_000, 258_050]), TICK)).toEqual({
      ok: true,
      entry: 250_055,
      stop: 248_000,
      targets: [254_000, 258_050],
      moved: false,
    });
  });

  it('rounds a BUY the safe way: entry down, stop and targets toward the entry', () => {
    expect(alignAlertPrices(alertOf('BUY', 250_057, 248_001, [254_004, 258_051]), TICK)).toEqual({
      ok: true,
      entry: 250_055,
      stop: 248_005,
      targets: [254_000, 258_050],
      moved: true,
    });
  });

  it('rounds a SELL the safe way: entry up, stop and targets toward the entry', () => {
    expect(alignAlertPrices(alertOf('SELL', 250_051, 252_004, [246_001]), TICK)).toEqual({
      ok: true,
      entry: 250_055,
      stop: 252_000,
      targets: [246_005],
      moved: true,
    });
  });

  it('refuses a stop that rounds onto the entry', () => {
    expect(alignAlertPrices(alertOf('BUY', 10_004, 10_001, [10_100]), TICK)).toEqual({
      ok: false,
      field: 'stop',
      message: 'stop ₹100.05 is not below the entry ₹100.00 on the ₹0.05 tick',
    });
    expect(alignAlertPrices(alertOf('SELL', 10_001, 10_004, [9_900]), TICK)).toMatchObject({
      ok: false,
      field: 'stop',
    });
  });

  it('refuses targets that round onto the entry or onto each other', () => {
    expect(alignAlertPrices(alertOf('BUY', 10_000, 9_900, [10_004]), TICK)).toMatchObject({
      ok: false,
      field: 'targets',
      message: expect.stringMatching(/^TP1 ₹100.00 is not above the entry/) as unknown,
    });
    expect(alignAlertPrices(alertOf('BUY', 10_000, 9_900, [10_101, 10_104]), TICK)).toMatchObject({
      ok: false,
      field: 'targets',
      message: expect.stringMatching(/^TP2 ₹101.00 is not beyond TP1 ₹101.00/) as unknown,
    });
  });
});
