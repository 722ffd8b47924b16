import type { PrismaClient } from '@kavach/db';
import { isRole } from '../auth/roles';
import type { Role } from '../auth/roles';

export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: number;
}

/** Every dashboard user, oldest first (the first admin at the top). */
export async function readUsers(prisma: PrismaClient): Promise<UserView[]> {
  const rows = await prisma.user.findMany({
    select: { id: true, email: true, name: true, role: true, createdAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 500,
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    // As readSessionUser reads it: a role edited by hand to something else counts as viewer.
    role: isRole(row.role) ? row.role : 'viewer',
    createdAt: row.createdAt.getTime(),
  }));
}
