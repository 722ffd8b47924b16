import type { EngineAnswer } from '../engine/engine-client';
import type { SessionUser } from '../auth/session-user';
import { AppError } from './init';
import type { AppErrorDetails } from './init';

/** The engine's answer, or an error the browser can show: its code and message kept. */
export function unwrapEngine<T>(answer: EngineAnswer<T>): T {
  if (answer.ok) return answer.body;
  const code =
    answer.status === 503
      ? 'SERVICE_UNAVAILABLE'
      : answer.status === 409
        ? 'CONFLICT'
        : answer.status === 404
          ? 'NOT_FOUND'
          : answer.status >= 500
            ? 'INTERNAL_SERVER_ERROR'
            : 'BAD_REQUEST';
  throw new AppError(code, answer.code, answer.message, detailsOf(answer.body));
}

/** The field issues and unmet conditions an engine refusal lists, when it lists any. */
function detailsOf(body: unknown): AppErrorDetails | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error as { issues?: unknown; unmet?: unknown } | null;
  const issues = listOf(error?.issues, 'path');
  const unmet = listOf(error?.unmet, 'code');
  if (issues === null && unmet === null) return null;
  return { ...(issues === null ? {} : { issues }), ...(unmet === null ? {} : { unmet }) };
}

function listOf<K extends 'path' | 'code'>(
  value: unknown,
  key: K,
): ({ readonly message: string } & Record<K, string>)[] | null {
  if (!Array.isArray(value)) return null;
  const items = value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const record = item as Record<string, unknown>;
    const id = record[key];
    const message = record.message;
    return typeof id === 'string' && typeof message === 'string'
      ? [{ [key]: id, message } as { readonly message: string } & Record<K, string>]
      : [];
  });
  return items.length === 0 ? null : items;
}

/** How the engine's audit log names the person: e-mail and role. */
export function actorOf(user: SessionUser): string {
  return `${user.email} (${user.role})`;
}
