import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './parse-csv';

function writeField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","say ""hi""","two\r\nlines"\r\nx,y,z,w\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"', 'two\r\nlines'],
      ['x', 'y', 'z', 'w'],
    ]);
  });

  it('accepts LF lines and a missing final line break', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keys records by the header; short rows leave columns empty', () => {
    expect(parseCsvRecords('x,y\r\n1\r\n')).toEqual([{ x: '1', y: '' }]);
    expect(parseCsvRecords('')).toEqual([]);
  });

  it('reads back whatever a CSV writer wrote', () => {
    const field = fc.string({
      unit: fc.constantFrom('a', 'Z', '9', ' ', ',', '"', '\r', '\n', '&'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = rows.map((row) => row.map(writeField).join(',')).join('\r\n') + '\r\n';
          expect(parseCsv(text)).toEqual(rows);
        },
      ),
    );
  });
});
