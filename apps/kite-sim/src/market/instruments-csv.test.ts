import { describe, expect, it } from 'vitest';
import { FAKE_INSTRUMENTS } from '../../test/fake-market';
import { INSTRUMENT_CSV_HEADER } from '../../test/fixtures/sample-keys';
import { toInstrumentRow, toInstrumentsCsv } from './instruments-csv';

describe('instrument dump', () => {
  it('writes rows the way Kite’s dump does, per instrument kind', () => {
    expect(toInstrumentRow(FAKE_INSTRUMENTS.infy, 0)).toBe(
      '408065,1594,INFY,INFOSYS,0.0,,0.0,0.1,1,EQ,NSE,NSE',
    );
    expect(toInstrumentRow(FAKE_INSTRUMENTS.nifty, 2_438_815)).toBe(
      '256265,1001,NIFTY 50,NIFTY 50,24388.15,,0.0,0.0,0,EQ,INDICES,NSE',
    );
    expect(toInstrumentRow(FAKE_INSTRUMENTS.niftyFut, 2_460_000)).toBe(
      '13238786,51714,NIFTY26NOVFUT,NIFTY,24600.0,2026-11-24,0.0,0.1,65,FUT,NFO-FUT,NFO',
    );
    expect(toInstrumentRow(FAKE_INSTRUMENTS.niftyCe, 18_045)).toBe(
      '12073986,47164,NIFTY26NOV24500CE,NIFTY,180.45,2026-11-24,24500.0,0.05,65,CE,NFO-OPT,NFO',
    );
  });

  it('quotes fields that need it', () => {
    const row = toInstrumentRow({ ...FAKE_INSTRUMENTS.infy, name: 'TATA "STEEL", LTD' }, 0);
    expect(row).toContain(',"TATA ""STEEL"", LTD",');
  });

  it('starts with Kite’s header and ends every line with CRLF', () => {
    const csv = toInstrumentsCsv([FAKE_INSTRUMENTS.infy], () => 0);
    expect(csv).toBe(
      `${INSTRUMENT_CSV_HEADER}\r\n408065,1594,INFY,INFOSYS,0.0,,0.0,0.1,1,EQ,NSE,NSE\r\n`,
    );
  });
});
