import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { roleAllows } from '../auth/roles';
import type { Role } from '../auth/roles';
import type { TrpcContext } from './context';

/** Machine-readable reason beside tRPC's code, e.g. ENGINE_UNREACHABLE, LIVE_GATE. */
export class AppError extends TRPCError {
  readonly appCode: string;
  constructor(
    code: ConstructorParameters<typeof TRPCError>[0]['code'],
    appCode: string,
    message: string,
  ) {
    super({ code, message });
    this.appCode = appCode;
  }
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      // Stack traces stay on the server.
      stack: undefined,
      appCode: error instanceof AppError ? error.appCode : shape.data.code,
    },
  }),
});

export const router = t.router;
export const publicProcedure = t.procedure;

function requireRole(needed: Role) {
  return t.middleware(({ ctx, next }) => {
    if (ctx.user === null) {
      throw new AppError('UNAUTHORIZED', 'SIGN_IN', 'sign in first');
    }
    if (!roleAllows(ctx.user.role, needed)) {
      throw new AppError(
        'FORBIDDEN',
        'ROLE',
        `this needs the ${needed} role; you are signed in as ${ctx.user.role}`,
      );
    }
    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}

/** Anyone signed in: read only. */
export const viewerProcedure = t.procedure.use(requireRole('viewer'));
/** Trading controls: pause, resume, flatten, exit a position. */
export const traderProcedure = t.procedure.use(requireRole('trader'));
/** Users, settings, the LIVE switch. */
export const adminProcedure = t.procedure.use(requireRole('admin'));
