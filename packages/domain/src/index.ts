export * from './money';
export * from './instrument';
export * from './time';
export * from './order';
export * from './oco';
export * from './risk';
export * from './analytics';
export * from './reconciliation';
