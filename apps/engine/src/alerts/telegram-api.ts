import { z } from 'zod';
import { AlertSendError, describeError } from './alert-types';

/** The Bot API's envelope: `{ ok, result }` or `{ ok: false, error_code, description, parameters }`. */
const envelopeSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  error_code: z.number().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});

export interface TelegramApiOptions {
  /** `https://api.telegram.org`, or a local fake in tests. */
  readonly apiRoot: string;
  readonly botToken: string;
  /** Per request, unless the call gives its own (long polls do). Default 10 s. */
  readonly timeoutMs?: number;
  /** Injected in unit tests; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

export interface TelegramCallOptions {
  readonly timeoutMs?: number;
  /** Aborts the request early (stopping the poller). */
  readonly signal?: AbortSignal;
}

export interface TelegramApi {
  call<S extends z.ZodType>(
    method: string,
    params: Record<string, unknown>,
    resultSchema: S,
    options?: TelegramCallOptions,
  ): Promise<z.infer<S>>;
}

/** A Bot API call that failed: HTTP status and Telegram's own error code where there was one. */
export class TelegramApiError extends AlertSendError {
  readonly status: number | null;

  constructor(
    message: string,
    options: {
      status: number | null;
      retryAfterMs?: number | null;
      permanent?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.name = 'TelegramApiError';
    this.status = options.status;
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A minimal Bot API client over fetch. Every method is a JSON POST, which Telegram accepts for
 * all of them. The bot token is part of the URL, so neither the URL nor an error that might
 * quote it is ever logged unredacted.
 */
export function createTelegramApi(options: TelegramApiOptions): TelegramApi {
  const root = options.apiRoot.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const redact = (text: string): string => text.replaceAll(options.botToken, '<bot-token>');

  return {
    async call(method, params, resultSchema, callOptions = {}) {
      const timeout = AbortSignal.timeout(
        callOptions.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      const signal =
        callOptions.signal === undefined ? timeout : AbortSignal.any([timeout, callOptions.signal]);
      let response: Response;
      try {
        response = await doFetch(`${root}/bot${options.botToken}/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(params),
          signal,
        });
      } catch (error) {
        throw new TelegramApiError(`telegram ${method}: ${redact(describeError(error))}`, {
          status: null,
          cause: error,
        });
      }
      const parsed = envelopeSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) {
        throw new TelegramApiError(
          `telegram ${method}: HTTP ${response.status}, not a Bot API answer`,
          {
            status: response.status,
            permanent: response.status === 404,
          },
        );
      }
      const envelope = parsed.data;
      if (!response.ok || !envelope.ok) {
        const retryAfter = envelope.parameters?.retry_after;
        throw new TelegramApiError(
          `telegram ${method}: ${response.status} ${redact(envelope.description ?? 'no description')}`,
          {
            status: response.status,
            retryAfterMs: retryAfter === undefined ? null : retryAfter * 1000,
            // A bad token, an unknown or blocked chat, a malformed request: retrying cannot help.
            permanent: [400, 401, 403, 404].includes(response.status),
          },
        );
      }
      const result = resultSchema.safeParse(envelope.result);
      if (!result.success) {
        throw new TelegramApiError(`telegram ${method}: unexpected result`, {
          status: response.status,
          permanent: true,
        });
      }
      return result.data;
    },
  };
}
