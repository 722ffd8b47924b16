export * from './broker';
export * from './kite';
export * from './paper';
