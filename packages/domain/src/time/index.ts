export * from './clock';
export * from './iso-date';
export * from './time-of-day';
export * from './ist';
export * from './market-calendar';
export * from './nse-holidays-2026';
