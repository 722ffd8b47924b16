import { describe, expect, it } from 'vitest';
import { fromFormValues, labelOf, layoutOf, toFormValues } from './config-form';

const CONFIG = {
  capitalRupees: 500000,
  risk: {
    perTradeRiskPct: 1,
    perTradeRiskRupees: null,
    entryWindow: { start: '09:20', end: '15:00' },
  },
  universe: ['NSE:INFY', 'NSE:TCS'],
  strategies: { orb: { enabled: true, rangeMinutes: 15 } },
};

describe('the trading config as a form', () => {
  it('round-trips every setting, nulls and lists included', () => {
    const layout = layoutOf(CONFIG);
    const values = toFormValues(CONFIG);
    expect(values['risk.perTradeRiskRupees']).toBe('');
    expect(values.universe).toBe('NSE:INFY\nNSE:TCS');
    expect(values['risk.entryWindow.start']).toBe('09:20');
    expect(fromFormValues(layout, values)).toEqual(CONFIG);
  });

  it('reads edits: numbers, an emptied number as null, a list, a switch; keeps non-numbers as typed', () => {
    const layout = layoutOf(CONFIG);
    const values = {
      ...toFormValues(CONFIG),
      capitalRupees: ' 600000 ',
      'risk.perTradeRiskPct': '',
      'risk.perTradeRiskRupees': '5 lakh',
      universe: 'NSE:SBIN, NSE:ITC\n\n',
      'strategies.orb.enabled': 'false',
    };
    expect(fromFormValues(layout, values)).toMatchObject({
      capitalRupees: 600000,
      risk: { perTradeRiskPct: null, perTradeRiskRupees: '5 lakh' },
      universe: ['NSE:SBIN', 'NSE:ITC'],
      strategies: { orb: { enabled: false } },
    });
  });

  it('labels settings in words with their unit', () => {
    expect(labelOf('risk.maxOpenPositions')).toBe('max open positions');
    expect(labelOf('risk.perTradeRiskPct')).toBe('per trade risk (%)');
    expect(labelOf('capitalRupees')).toBe('capital (₹)');
    expect(labelOf('strategies.vwap_ema')).toBe('vwap ema');
  });
});
