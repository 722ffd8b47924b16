export * from './clock';
export * from './universe';
export * from './market';
export * from './scenario';
export * from './exchange';
