export type * from './universe-spec';
export * from './nifty50-stocks';
export * from './nse-indices';
export * from './default-universe';
export * from './strikes-each-side';
export * from './expiries';
export * from './trading-symbol';
export * from './derivative-token';
export * from './build-universe';
