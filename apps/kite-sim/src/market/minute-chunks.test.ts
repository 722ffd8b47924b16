import { atIst } from '@kavach/domain';
import { describe, expect, it } from 'vitest';
import { splitAtMinutes } from './minute-chunks';

const DAY = '2026-11-23';
const SESSION = { open: atIst('09:15', DAY), close: atIst('15:30', DAY) };
const at = (time: string): number => atIst(time, DAY);

describe('splitting a market advance at minute boundaries', () => {
  it('stops at the end of every minute in between, then at the target', () => {
    expect(splitAtMinutes(at('09:20') + 30_000, at('09:23') + 10_000, SESSION)).toEqual([
      at('09:20') + 59_999,
      at('09:21') + 59_999,
      at('09:22') + 59_999,
      at('09:23') + 10_000,
    ]);
  });

  it('needs one stop within a minute, or ending on a minute’s last millisecond', () => {
    expect(splitAtMinutes(at('09:20'), at('09:20') + 500, SESSION)).toEqual([at('09:20') + 500]);
    expect(splitAtMinutes(at('09:20') + 59_999, at('09:21') + 59_999, SESSION)).toEqual([
      at('09:21') + 59_999,
    ]);
  });

  it('skips the night before the open and the evening after the close', () => {
    const overnight = splitAtMinutes(atIst('15:30', '2026-11-20'), at('09:17') + 1, SESSION);
    expect(overnight).toEqual([at('09:15') + 59_999, at('09:16') + 59_999, at('09:17') + 1]);
    expect(splitAtMinutes(at('15:28') + 5, at('18:00'), SESSION)).toEqual([
      at('15:28') + 59_999,
      at('15:29') + 59_999,
      at('18:00'),
    ]);
    expect(splitAtMinutes(at('16:00'), at('18:00'), SESSION)).toEqual([at('18:00')]);
  });
});
