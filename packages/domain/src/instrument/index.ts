export * from './instrument';
export * from './instrument-token';
export * from './instrument-kind';
export * from './tick-size';
export * from './lots';
export * from './display-name';
export * from './check-instrument';
