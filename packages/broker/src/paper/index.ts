export { createPaperBroker } from './paper-broker';
export type { PaperBroker, PaperBrokerOptions } from './paper-broker';
export { createTickMarket, DEFAULT_LEVEL_QUANTITY } from './tick-market';
export type { TickMarket, TickMarketOptions } from './tick-market';
