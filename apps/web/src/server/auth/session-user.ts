import type { IncomingHttpHeaders } from 'node:http';
import { fromNodeHeaders } from 'better-auth/node';
import type { Auth } from './create-auth';
import { isRole } from './roles';
import type { Role } from './roles';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
}

/** The signed-in user of a request (its session cookie), or null. */
export async function readSessionUser(
  auth: Auth,
  headers: IncomingHttpHeaders,
): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers: fromNodeHeaders(headers) });
  if (session === null) return null;
  const { user } = session;
  // A role outside the list (edited by hand) is read as the least powerful one.
  const role: Role = isRole(user.role) ? user.role : 'viewer';
  return { id: user.id, email: user.email, name: user.name, role };
}
