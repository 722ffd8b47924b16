import { atIst, istDate, MS_PER_DAY } from '@kavach/domain';

/**
 * When a token minted at `mintedAt` stops working: the first `expiryTime` (HH:MM IST) strictly
 * after it. Kite invalidates every access token around 06:00 IST the next morning, so a token
 * minted at 05:59 lives one minute and one minted at 06:01 almost a day.
 */
export function computeTokenExpiry(mintedAt: number, expiryTime: string): number {
  const sameDay = atIst(expiryTime, istDate(mintedAt));
  return sameDay > mintedAt ? sameDay : atIst(expiryTime, istDate(mintedAt + MS_PER_DAY));
}
