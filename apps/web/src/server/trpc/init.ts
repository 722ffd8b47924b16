import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { roleAllows } from '../auth/roles';
import type { Role } from '../auth/roles';
import type { TrpcContext } from './context';

/** What the browser needs to fix a refused request: each field or condition with its message. */
export interface AppErrorDetails {
  /** Fields of the request, by dotted path (e.g. risk.maxOpenPositions). */
  readonly issues?: readonly { readonly path: string; readonly message: string }[];
  /** Conditions not met, e.g. the LIVE gate's SESSION_INVALID. */
  readonly unmet?: readonly { readonly code: string; readonly message: string }[];
}

/** Machine-readable reason beside tRPC's code, e.g. ENGINE_UNREACHABLE, LIVE_GATE. */
export class AppError extends TRPCError {
  readonly appCode: string;
  readonly details: AppErrorDetails | null;
  constructor(
    code: ConstructorParameters<typeof TRPCError>[0]['code'],
    appCode: string,
    message: string,
    details: AppErrorDetails | null = null,
  ) {
    super({ code, message });
    this.appCode = appCode;
    this.details = details;
  }
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => {
    const invalid = inputIssues(error.cause);
    return {
      ...shape,
      // An input refused by its schema: each field in words, not zod's JSON.
      message:
        invalid?.issues === undefined
          ? shape.message
          : invalid.issues
              .map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`))
              .join('; '),
      data: {
        ...shape.data,
        // Stack traces stay on the server.
        stack: undefined,
        appCode: error instanceof AppError ? error.appCode : shape.data.code,
        details: error instanceof AppError ? error.details : invalid,
      },
    };
  },
});

/** A procedure's input refused by zod, as field issues; null for any other error. */
function inputIssues(cause: unknown): AppErrorDetails | null {
  if (!(cause instanceof Error) || cause.name !== 'ZodError' || !('issues' in cause)) return null;
  const issues = cause.issues as readonly { path: readonly PropertyKey[]; message: string }[];
  return {
    issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  };
}

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
