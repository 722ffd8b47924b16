import { ZERO_PAISE } from '@kavach/domain';
import type { AccountMargins } from './account-margins';

/** One segment of Kite's GET /user/margins. */
export interface KiteSegmentMargins {
  readonly enabled: boolean;
  readonly net: number;
  readonly available: {
    readonly adhoc_margin: number;
    readonly cash: number;
    readonly opening_balance: number;
    readonly live_balance: number;
    readonly collateral: number;
    readonly intraday_payin: number;
  };
  readonly utilised: {
    readonly debits: number;
    readonly exposure: number;
    readonly m2m_realised: number;
    readonly m2m_unrealised: number;
    readonly option_premium: number;
    readonly payout: number;
    readonly span: number;
    readonly holding_sales: number;
    readonly turnover: number;
    readonly liquid_collateral: number;
    readonly stock_collateral: number;
    readonly delivery: number;
  };
}

export interface KiteMargins {
  readonly equity: KiteSegmentMargins;
  readonly commodity: KiteSegmentMargins;
}

const rupees = (amountPaise: number): number => amountPaise / 100;

/** GET /user/margins/equity. */
export function toKiteSegmentMargins(m: AccountMargins): KiteSegmentMargins {
  return {
    enabled: true,
    net: rupees(m.net),
    available: {
      adhoc_margin: 0,
      cash: rupees(m.cash),
      opening_balance: rupees(m.openingBalance),
      live_balance: rupees(m.net),
      collateral: 0,
      intraday_payin: 0,
    },
    utilised: {
      debits: rupees(m.debits),
      exposure: rupees(m.exposure),
      m2m_realised: rupees(m.m2mRealised),
      m2m_unrealised: rupees(m.m2mUnrealised),
      option_premium: rupees(m.optionPremium),
      payout: 0,
      span: rupees(m.span),
      holding_sales: 0,
      turnover: 0,
      liquid_collateral: 0,
      stock_collateral: 0,
      delivery: 0,
    },
  };
}

/** The simulator trades no commodities: an enabled, empty commodity segment. */
const EMPTY_COMMODITY: KiteSegmentMargins = toKiteSegmentMargins({
  openingBalance: ZERO_PAISE,
  cash: ZERO_PAISE,
  span: ZERO_PAISE,
  exposure: ZERO_PAISE,
  optionPremium: ZERO_PAISE,
  m2mRealised: ZERO_PAISE,
  m2mUnrealised: ZERO_PAISE,
  debits: ZERO_PAISE,
  net: ZERO_PAISE,
});

/** GET /user/margins. */
export function toKiteMargins(equity: AccountMargins): KiteMargins {
  return { equity: toKiteSegmentMargins(equity), commodity: EMPTY_COMMODITY };
}
