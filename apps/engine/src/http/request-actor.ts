import type { Actor } from '../control/ports';

export const ACTOR_HEADER = 'x-kavach-actor';
const DEFAULT_ACTOR = 'api';
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const PRINTABLE = /^[^\u0000-\u001f\u007f]{1,128}$/;

/**
 * Who is asking, for the audit log: the web app names the signed-in person in X-Kavach-Actor.
 * Whoever holds the token is trusted to say so; the header only labels the action.
 */
export function readActor(
  header: string | string[] | undefined,
): { ok: true; actor: Actor } | { ok: false; message: string } {
  if (header === undefined) return { ok: true, actor: { type: 'USER', name: DEFAULT_ACTOR } };
  if (typeof header !== 'string') {
    return { ok: false, message: 'X-Kavach-Actor must be sent once' };
  }
  const name = header.trim();
  if (!PRINTABLE.test(name)) {
    return { ok: false, message: 'X-Kavach-Actor must be 1 to 128 printable characters' };
  }
  return { ok: true, actor: { type: 'USER', name } };
}
