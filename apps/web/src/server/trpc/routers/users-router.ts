import { appendAudit } from '@kavach/db';
import { z } from 'zod';
import { ROLES } from '../../auth/roles';
import { createUser } from '../../auth/users';
import { readUsers } from '../../read-model/users';
import { AppError, adminProcedure, router } from '../init';

const role = z.enum(ROLES);

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => readUsers(ctx.prisma)),
  /** A new user with a role and a first password (better-auth hashes it). */
  create: adminProcedure
    .input(
      z.strictObject({
        name: z.string().trim().min(1, 'enter a name').max(100),
        email: z.email('enter a valid e-mail address').max(200),
        password: z.string().min(12, 'at least 12 characters').max(128),
        role,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const created = await createUser(ctx.auth, ctx.prisma, input);
      if (!created.ok) throw new AppError('BAD_REQUEST', created.code, created.message);
      const email = input.email.trim().toLowerCase();
      await appendAudit(ctx.prisma, {
        actorType: 'USER',
        actor: ctx.user.email,
        action: 'user.created',
        entity: 'user',
        entityId: created.id,
        payload: { email, role: input.role },
        at: new Date(ctx.now()),
      });
      return { id: created.id, email, role: input.role };
    }),
  /** Another role for a user; an admin cannot take their own admin role away (no lock-out). */
  setRole: adminProcedure
    .input(z.strictObject({ userId: z.string().min(1).max(64), role }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id && input.role !== 'admin') {
        throw new AppError(
          'FORBIDDEN',
          'OWN_ADMIN_ROLE',
          'you cannot remove your own admin role: another admin must do it',
        );
      }
      const user = await ctx.prisma.user.findUnique({
        where: { id: input.userId },
        select: { email: true, role: true },
      });
      if (user === null) throw new AppError('NOT_FOUND', 'USER_NOT_FOUND', 'no such user');
      if (user.role !== input.role) {
        await ctx.prisma.user.update({ where: { id: input.userId }, data: { role: input.role } });
        await appendAudit(ctx.prisma, {
          actorType: 'USER',
          actor: ctx.user.email,
          action: 'user.role_changed',
          entity: 'user',
          entityId: input.userId,
          payload: { email: user.email, from: user.role, to: input.role },
          at: new Date(ctx.now()),
        });
        // Every request reads the role afresh from the database; an open socket was authorised
        // with the old one. Ended on every web process, the browser connects again as the new
        // role (and refreshes what it shows).
        ctx.live.disconnectUser(input.userId);
      }
      return { id: input.userId, email: user.email, role: input.role };
    }),
  /**
   * Removes a user: their account, password and every session (deleted with the user), then
   * their open sockets on every web process. An admin cannot remove themselves, so an admin
   * always remains.
   */
  remove: adminProcedure
    .input(z.strictObject({ userId: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id) {
        throw new AppError(
          'FORBIDDEN',
          'OWN_ACCOUNT',
          'you cannot remove your own account: another admin must do it',
        );
      }
      const user = await ctx.prisma.user.findUnique({
        where: { id: input.userId },
        select: { email: true, role: true },
      });
      if (user === null) throw new AppError('NOT_FOUND', 'USER_NOT_FOUND', 'no such user');
      // Sessions and accounts go with the user (ON DELETE CASCADE): every cookie of theirs is
      // refused from the next request on, on every web process.
      await ctx.prisma.user.delete({ where: { id: input.userId } });
      await appendAudit(ctx.prisma, {
        actorType: 'USER',
        actor: ctx.user.email,
        action: 'user.removed',
        entity: 'user',
        entityId: input.userId,
        payload: { email: user.email, role: user.role },
        at: new Date(ctx.now()),
      });
      ctx.live.disconnectUser(input.userId);
      return { id: input.userId, email: user.email };
    }),
});
