import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { loadScenario, ScenarioError } from './load-scenario';
import { scenarioStartMs } from './scenario';

const valid = {
  name: 'INFY breakout',
  sessionDate: '2026-02-02',
  start: '09:15',
  paths: {
    'NSE:INFY': [
      ['09:15:00', 1500],
      ['09:16:00', 1502.5],
    ],
    'NSE:NIFTY 50': {
      interpolation: 'linear',
      points: [
        ['09:15', 26_000],
        ['10:15', 26_100],
      ],
    },
  },
  previousClose: { 'NSE:INFY': 1490.05 },
};

function errorOf(input: unknown): ScenarioError {
  try {
    loadScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected loadScenario to throw');
}

describe('loadScenario', () => {
  it('reads a scenario into typed values in paise and seconds', () => {
    const scenario = loadScenario(valid);
    expect(scenario).toMatchObject({
      name: 'INFY breakout',
      description: null,
      sessionDate: '2026-02-02',
      startSecondOfDay: 9 * 3_600 + 15 * 60,
      unscripted: 'flat',
    });
    expect(scenario.paths.get('NSE:INFY')).toEqual({
      interpolation: 'step',
      points: [
        { secondOfDay: 33_300, price: 1_500_00 },
        { secondOfDay: 33_360, price: 1_502_50 },
      ],
    });
    expect(scenario.paths.get('NSE:NIFTY 50')?.interpolation).toBe('linear');
    expect(scenario.previousClose.get('NSE:INFY')).toBe(1_490_05);
    expect(scenarioStartMs(scenario)).toBe(atIst('09:15', '2026-02-02'));
  });

  it('reads JSON text too, and takes the file-wide interpolation as the default', () => {
    const scenario = loadScenario(JSON.stringify({ ...valid, interpolation: 'linear' }));
    expect(scenario.paths.get('NSE:INFY')?.interpolation).toBe('linear');
  });

  it.each<[string, unknown, string, RegExp]>([
    ['invalid JSON', '{', '(file)', /not valid JSON/],
    ['a non-object', [1], '(file)', /expected an object/],
    ['a missing name', { ...valid, name: undefined }, 'name', /non-empty string/],
    ['an unknown field', { ...valid, seed: 1 }, 'seed', /unknown field/],
    ['a bad date', { ...valid, sessionDate: '2026-02-30' }, 'sessionDate', /YYYY-MM-DD/],
    ['a bad start', { ...valid, start: '9:15' }, 'start', /HH:MM/],
    ['a bad mode', { ...valid, unscripted: 'random' }, 'unscripted', /flat, generator/],
    ['missing paths', { ...valid, paths: undefined }, 'paths', /expected an object/],
    ['a bad key', { ...valid, paths: { INFY: [['09:15', 1]] } }, 'paths["INFY"]', /NSE:INFY/],
    ['an empty path', { ...valid, paths: { 'NSE:INFY': [] } }, 'paths["NSE:INFY"]', /non-empty/],
    [
      'a bad point',
      { ...valid, paths: { 'NSE:INFY': [['09:15', 1], '09:16'] } },
      'paths["NSE:INFY"][1]',
      /\[time, price\] pair/,
    ],
    [
      'a bad time',
      { ...valid, paths: { 'NSE:INFY': [['24:00', 1]] } },
      'paths["NSE:INFY"][0][0]',
      /HH:MM/,
    ],
    [
      'times out of order',
      {
        ...valid,
        paths: {
          'NSE:INFY': [
            ['09:16', 1],
            ['09:16:00', 2],
          ],
        },
      },
      'paths["NSE:INFY"][1][0]',
      /must increase/,
    ],
    [
      'a negative price',
      { ...valid, paths: { 'NSE:INFY': [['09:15', -1]] } },
      'paths["NSE:INFY"][0][1]',
      /above 0/,
    ],
    [
      'a price with three decimals',
      { ...valid, paths: { 'NSE:INFY': [['09:15', 1500.125]] } },
      'paths["NSE:INFY"][0][1]',
      /two decimals/,
    ],
    [
      'a bad interpolation',
      { ...valid, paths: { 'NSE:INFY': { interpolation: 'cubic', points: [['09:15', 1]] } } },
      'paths["NSE:INFY"].interpolation',
      /step, linear/,
    ],
    [
      'a bad previous close',
      { ...valid, previousClose: { 'NSE:INFY': '1490' } },
      'previousClose["NSE:INFY"]',
      /price in rupees/,
    ],
  ])('names the field on %s', (_label, input, field, message) => {
    const error = errorOf(input);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`scenario ${field}: `)).toBe(true);
  });
});
