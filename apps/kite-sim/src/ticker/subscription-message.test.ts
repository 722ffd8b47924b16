import { describe, expect, it } from 'vitest';
import { parseTickerCommand } from './subscription-message';

describe('parseTickerCommand', () => {
  it('reads subscribe, unsubscribe and mode as KiteTicker sends them', () => {
    expect(parseTickerCommand('{"a":"subscribe","v":[408065,"256265"]}')).toEqual({
      ok: true,
      command: { action: 'subscribe', tokens: [408_065, 256_265] },
    });
    expect(parseTickerCommand('{"a":"unsubscribe","v":[408065]}')).toEqual({
      ok: true,
      command: { action: 'unsubscribe', tokens: [408_065] },
    });
    expect(parseTickerCommand('{"a":"mode","v":["full",[408065]]}')).toEqual({
      ok: true,
      command: { action: 'mode', mode: 'full', tokens: [408_065] },
    });
  });

  it.each([
    ['not json', 'Invalid message: not JSON'],
    ['42', 'Invalid message'],
    ['{"a":"subscribe","v":"408065"}', 'Invalid tokens for subscribe'],
    ['{"a":"subscribe","v":[-1]}', 'Invalid tokens for subscribe'],
    ['{"a":"mode","v":["depth",[1]]}', 'Invalid mode'],
    ['{"a":"mode","v":["ltp",1]}', 'Invalid tokens for mode'],
    ['{"a":"ping"}', 'Invalid action'],
  ])('refuses %s', (text, error) => {
    expect(parseTickerCommand(text)).toEqual({ ok: false, error });
  });
});
