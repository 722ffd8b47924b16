import { router } from './init';
import { authRouter } from './routers/auth-router';
import { controlRouter } from './routers/control-router';
import { overviewRouter } from './routers/overview-router';

export const appRouter = router({
  auth: authRouter,
  control: controlRouter,
  overview: overviewRouter,
});

export type AppRouter = typeof appRouter;
