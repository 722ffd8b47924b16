import { paise } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { checkBracketPercents, computeBracketLevels } from './bracket-levels';

const TICK = paise(5);
const DEFAULTS = { stopPct: 30, tp1Pct: 30, tp2Pct: 60 };

describe('computeBracketLevels', () => {
  it("puts a BUY's stop below the entry and its targets above", () => {
    expect(computeBracketLevels('BUY', paise(100_00), TICK, DEFAULTS)).toEqual({
      stop: 70_00,
      targets: [130_00, 160_00],
    });
  });

  it("puts a SELL's stop above the entry and its targets below", () => {
    expect(computeBracketLevels('SELL', paise(100_00), TICK, DEFAULTS)).toEqual({
      stop: 130_00,
      targets: [70_00, 40_00],
    });
  });

  it('rounds every level toward the entry onto the tick', () => {
    // 123.45: ×0.7 = 86.415, ×1.3 = 160.485, ×1.6 = 197.52, ×0.4 = 49.38.
    expect(computeBracketLevels('BUY', paise(123_45), TICK, DEFAULTS)).toEqual({
      stop: 86_45,
      targets: [160_45, 197_50],
    });
    expect(computeBracketLevels('SELL', paise(123_45), TICK, DEFAULTS)).toEqual({
      stop: 160_45,
      targets: [86_45, 49_40],
    });
  });

  it('gives nothing when the tick grid squeezes the levels together', () => {
    expect(computeBracketLevels('BUY', paise(10), TICK, DEFAULTS)).toBeNull();
    expect(computeBracketLevels('SELL', paise(5), TICK, DEFAULTS)).toBeNull();
  });
});

describe('checkBracketPercents', () => {
  it('accepts the defaults and refuses impossible brackets', () => {
    expect(() => {
      checkBracketPercents(DEFAULTS);
    }).not.toThrow();
    expect(() => {
      checkBracketPercents({ ...DEFAULTS, stopPct: 100 });
    }).toThrow(RangeError);
    expect(() => {
      checkBracketPercents({ ...DEFAULTS, stopPct: 0 });
    }).toThrow(RangeError);
    expect(() => {
      checkBracketPercents({ ...DEFAULTS, tp2Pct: 30 });
    }).toThrow(RangeError);
    expect(() => {
      checkBracketPercents({ ...DEFAULTS, tp1Pct: 12.345 });
    }).toThrow(RangeError);
  });
});
