import type { EngineAnswer } from '../engine/engine-client';
import type { SessionUser } from '../auth/session-user';
import { AppError } from './init';

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
  throw new AppError(code, answer.code, answer.message);
}

/** How the engine's audit log names the person: e-mail and role. */
export function actorOf(user: SessionUser): string {
  return `${user.email} (${user.role})`;
}
