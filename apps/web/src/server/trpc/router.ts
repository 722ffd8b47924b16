import { router } from './init';
import { authRouter } from './routers/auth-router';
import { controlRouter } from './routers/control-router';
import { ordersRouter } from './routers/orders-router';
import { overviewRouter } from './routers/overview-router';
import { positionsRouter } from './routers/positions-router';
import { signalsRouter } from './routers/signals-router';
import { tradesRouter } from './routers/trades-router';

export const appRouter = router({
  auth: authRouter,
  control: controlRouter,
  overview: overviewRouter,
  positions: positionsRouter,
  orders: ordersRouter,
  signals: signalsRouter,
  trades: tradesRouter,
});

export type AppRouter = typeof appRouter;
