export * from './scenario';
export * from './load-scenario';
