import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import { redactSecrets } from './redact-secrets';

export type { Logger };

const ERROR_KEY = 'err';

/**
 * Structured JSON logs for every process; secrets are redacted wherever they appear. A walk
 * of each line's object does it (see redactSecrets): pino's own wildcard redaction would need
 * a path per name per depth, and cost about a millisecond a line. The error under `err` is
 * walked once serialized, so what its properties carry (a request's headers) is covered too.
 * `destination` is for tests; the default is stdout.
 */
export function createLogger(
  service: string,
  level: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service },
    formatters: { log: redactLogObject },
    serializers: {
      [ERROR_KEY]: (error: unknown) => redactSecrets(pino.stdSerializers.err(error as Error)),
    },
    redact: {
      // fastify's request serializer runs after the walk; its headers are named here.
      paths: ['req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The line's own fields; its error is left whole for the error serializer. */
function redactLogObject(object: Record<string, unknown>): Record<string, unknown> {
  const error = object[ERROR_KEY];
  if (error === undefined) return redactSecrets(object);
  return { ...redactSecrets({ ...object, [ERROR_KEY]: undefined }), [ERROR_KEY]: error };
}
