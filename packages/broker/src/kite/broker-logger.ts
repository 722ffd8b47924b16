/** The slice of a pino logger the adapter uses; a pino Logger satisfies it. */
export interface BrokerLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}
