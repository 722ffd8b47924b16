import { describe, expect, it } from 'vitest';
import {
  formatIstDateTime,
  formatIstTime,
  formatMs,
  formatPnl,
  formatPrice,
  formatRupees,
} from './format';

describe('format', () => {
  it('groups rupees the Indian way', () => {
    expect(formatRupees(1_23_45_678_90)).toBe('₹1,23,45,678.90');
    expect(formatPrice(150_050)).toBe('1,500.50');
    expect(formatPrice(null)).toBe('—');
  });
  it('signs P&L', () => {
    expect(formatPnl(12_345)).toBe('+₹123.45');
    expect(formatPnl(-5_600)).toBe('−₹56.00');
    expect(formatPnl(0)).toBe('₹0.00');
  });
  it('shows IST whatever the host zone', () => {
    expect(formatIstTime(Date.parse('2026-11-23T04:30:05Z'))).toBe('10:00:05');
  });
  it('shows a date and time in IST, and latencies', () => {
    expect(formatIstDateTime(Date.parse('2026-11-23T04:30:05Z'))).toBe('23 Nov, 10:00:05');
    expect(formatMs(140)).toBe('140 ms');
    expect(formatMs(2_430)).toBe('2.4 s');
    expect(formatMs(null)).toBe('—');
  });
});
