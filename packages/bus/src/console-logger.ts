import type { BusLogger } from './bus';

/** Used when no logger is injected: bus problems must not vanish silently. */
export const consoleLogger: BusLogger = {
  info: (context, message) => {
    console.info(message, context);
  },
  warn: (context, message) => {
    console.warn(message, context);
  },
  error: (context, message) => {
    console.error(message, context);
  },
};
