import type { PrismaClient } from '@kavach/db';
import type { Auth } from './create-auth';
import type { Role } from './roles';

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly password: string;
  readonly role: Role;
}

export type CreateUserResult =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly code: 'EMAIL_TAKEN' | 'INVALID'; readonly message: string };

/** Creates a user through better-auth's server API (scrypt hash), then sets the role. */
export async function createUser(
  auth: Auth,
  prisma: PrismaClient,
  user: NewUser,
): Promise<CreateUserResult> {
  const email = user.email.trim().toLowerCase();
  if ((await prisma.user.count({ where: { email } })) > 0) {
    return { ok: false, code: 'EMAIL_TAKEN', message: `${email} already has an account` };
  }
  try {
    const created = await auth.api.signUpEmail({
      body: { email, name: user.name, password: user.password },
    });
    await prisma.user.update({ where: { id: created.user.id }, data: { role: user.role } });
    return { ok: true, id: created.user.id };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'INVALID', message };
  }
}

/** True until the first user exists: the setup page is open only then. */
export async function needsSetup(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count()) === 0;
}

/**
 * The first admin from ADMIN_EMAIL / ADMIN_PASSWORD, once: an existing account with that
 * e-mail is left as it is (its password may have been changed since).
 */
export async function ensureConfiguredAdmin(
  auth: Auth,
  prisma: PrismaClient,
  admin: { readonly email: string; readonly password: string } | null,
): Promise<'CREATED' | 'EXISTS' | 'NOT_CONFIGURED'> {
  if (admin === null) return 'NOT_CONFIGURED';
  const result = await createUser(auth, prisma, {
    email: admin.email,
    name: 'Admin',
    password: admin.password,
    role: 'admin',
  });
  if (result.ok) return 'CREATED';
  if (result.code === 'EMAIL_TAKEN') return 'EXISTS';
  // Two dashboard processes starting at once on a fresh database: the other one created it.
  const email = admin.email.trim().toLowerCase();
  if ((await prisma.user.count({ where: { email } })) > 0) return 'EXISTS';
  throw new Error(`ADMIN_EMAIL / ADMIN_PASSWORD: ${result.message}`);
}
