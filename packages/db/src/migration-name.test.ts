import { describe, expect, it } from 'vitest';
import { formatMigrationTimestamp, slugifyMigrationName } from './migration-name';

describe('formatMigrationTimestamp', () => {
  it('is UTC yyyyMMddHHmmss, as Prisma names directories', () => {
    expect(formatMigrationTimestamp(new Date('2025-11-20T09:15:07.999+05:30'))).toBe(
      '20251120034507',
    );
  });
});

describe('slugifyMigrationName', () => {
  it.each([
    ['init', 'init'],
    ['Add order fills', 'add_order_fills'],
    ['addOrderFills', 'add_order_fills'],
    ['  --drop: legacy-table!  ', 'drop_legacy_table'],
    ['!!!', ''],
  ])('%j -> %j', (input, expected) => {
    expect(slugifyMigrationName(input)).toBe(expected);
  });

  it('caps the name at 200 characters', () => {
    expect(slugifyMigrationName('a'.repeat(300))).toHaveLength(200);
  });
});
