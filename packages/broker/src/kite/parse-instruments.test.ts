import { describe, expect, it } from 'vitest';
import { parseInstruments } from './parse-instruments';

const HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

/** Kite's dump: CRLF lines and a final CRLF. */
const DUMP =
  [
    HEADER,
    '408065,1594,INFY,INFOSYS,1552.4,,0.0,0.05,1,EQ,NSE,NSE',
    '256265,1001,NIFTY 50,NIFTY 50,24512.3,,0.0,0.0,0,EQ,INDICES,NSE',
    '13238786,51714,NIFTY26JANFUT,NIFTY,24560.0,2026-01-27,0.0,0.1,65,FUT,NFO-FUT,NFO',
    '10227202,39950,NIFTY26JAN24500CE,NIFTY,180.45,2026-01-27,24500.0,0.05,65,CE,NFO-OPT,NFO',
    '"5633","22","M&M","MAHINDRA & MAHINDRA, LTD",3100.0,,0.0,0.1,1,EQ,NSE,NSE',
    '53496327,208970,GOLDM26FEBFUT,GOLDM,71000.0,2026-02-05,0.0,1.0,1,FUT,MCX-FUT,MCX',
    '999,3,BROKEN,BROKEN,1.0,,0.0,0.05,1,EQ,NSE,NSE',
    'abc,1594,BADTOKEN,BAD,1.0,,0.0,0.05,1,EQ,NSE,NSE',
    '10227458,39951,NIFTY26JAN24500PE,NIFTY,99.1,,24500.0,0.05,65,PE,NFO-OPT,NFO',
  ].join('\r\n') + '\r\n';

describe('parseInstruments', () => {
  it('maps Kite’s CSV rows to domain instruments in paise', () => {
    const parsed = parseInstruments(DUMP);
    expect(parsed?.instruments).toEqual([
      {
        token: 408065,
        exchangeToken: 1594,
        exchange: 'NSE',
        segment: 'NSE',
        tradingSymbol: 'INFY',
        name: 'INFOSYS',
        type: 'EQ',
        tickSize: 5,
        lotSize: 1,
        freezeQuantity: null,
        expiry: null,
        strike: null,
      },
      {
        token: 256265,
        exchangeToken: 1001,
        exchange: 'NSE',
        segment: 'INDICES',
        tradingSymbol: 'NIFTY 50',
        name: 'NIFTY 50',
        type: 'INDEX',
        tickSize: 5,
        lotSize: 1,
        freezeQuantity: null,
        expiry: null,
        strike: null,
      },
      {
        token: 13238786,
        exchangeToken: 51714,
        exchange: 'NFO',
        segment: 'NFO',
        tradingSymbol: 'NIFTY26JANFUT',
        name: 'NIFTY',
        type: 'FUT',
        tickSize: 10,
        lotSize: 65,
        freezeQuantity: null,
        expiry: '2026-01-27',
        strike: null,
      },
      {
        token: 10227202,
        exchangeToken: 39950,
        exchange: 'NFO',
        segment: 'NFO',
        tradingSymbol: 'NIFTY26JAN24500CE',
        name: 'NIFTY',
        type: 'CE',
        tickSize: 5,
        lotSize: 65,
        freezeQuantity: null,
        expiry: '2026-01-27',
        strike: 2450000,
      },
      {
        token: 5633,
        exchangeToken: 22,
        exchange: 'NSE',
        segment: 'NSE',
        tradingSymbol: 'M&M',
        name: 'MAHINDRA & MAHINDRA, LTD',
        type: 'EQ',
        tickSize: 10,
        lotSize: 1,
        freezeQuantity: null,
        expiry: null,
        strike: null,
      },
    ]);
  });

  it('counts what it skipped: no blank row from the final CRLF, MCX unsupported, bad rows malformed', () => {
    const parsed = parseInstruments(DUMP);
    expect(parsed).toMatchObject({ blank: 0, unsupported: 1, malformedCount: 3 });
    expect(parsed?.malformed).toEqual([
      'BROKEN (999): TOKEN_MISMATCH',
      'BADTOKEN (abc): bad token',
      'NIFTY26JAN24500PE (10227458): MISSING_EXPIRY',
    ]);
  });

  it('reads the rows the client already parsed, trailing empty row included', () => {
    // What kiteconnect returns for a text/csv answer: papaparse rows, numbers and Dates.
    const clientRows = [
      {
        instrument_token: '10227202',
        exchange_token: '39950',
        tradingsymbol: 'NIFTY26JAN24500CE',
        name: 'NIFTY',
        last_price: 180.45,
        expiry: new Date('2026-01-27'),
        strike: 24500,
        tick_size: 0.05,
        lot_size: 65,
        instrument_type: 'CE',
        segment: 'NFO-OPT',
        exchange: 'NFO',
      },
      { instrument_token: '', last_price: NaN, strike: NaN, tick_size: NaN, lot_size: NaN },
    ];
    const parsed = parseInstruments(clientRows);
    expect(parsed?.instruments).toHaveLength(1);
    expect(parsed?.instruments[0]).toMatchObject({
      expiry: '2026-01-27',
      strike: 2450000,
      tickSize: 5,
    });
    expect(parsed?.blank).toBe(1);
  });

  it('refuses what is neither CSV text nor rows', () => {
    expect(parseInstruments({ data: [] })).toBeNull();
  });
});
