import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; tokens and secrets are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'kite-sim' },
    redact: {
      paths: [
        '*.access_token',
        '*.api_secret',
        '*.checksum',
        '*.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
