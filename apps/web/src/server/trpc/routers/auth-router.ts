import { z } from 'zod';
import { createUser, needsSetup } from '../../auth/users';
import { AppError, publicProcedure, router } from '../init';

const setupInput = z.strictObject({
  name: z.string().trim().min(1, 'enter your name').max(100),
  email: z.email('enter a valid e-mail address').max(200),
  password: z.string().min(12, 'at least 12 characters').max(128),
});

export const authRouter = router({
  /** The signed-in user, or null. */
  me: publicProcedure.query(({ ctx }) => ctx.user),
  /** Whether the first-run setup page is open (no user yet). */
  setupStatus: publicProcedure.query(async ({ ctx }) => ({
    needsSetup: await needsSetup(ctx.prisma),
  })),
  /** First run only: creates the first admin; closed for good once a user exists. */
  setup: publicProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    if (!(await needsSetup(ctx.prisma))) {
      throw new AppError('FORBIDDEN', 'SETUP_DONE', 'setup is done: sign in instead');
    }
    const created = await createUser(ctx.auth, ctx.prisma, { ...input, role: 'admin' });
    if (!created.ok) throw new AppError('BAD_REQUEST', created.code, created.message);
    return { email: input.email.trim().toLowerCase() };
  }),
});
