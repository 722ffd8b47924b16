import { router } from './init';
import { authRouter } from './routers/auth-router';
import { controlRouter } from './routers/control-router';
import { ordersRouter } from './routers/orders-router';
import { overviewRouter } from './routers/overview-router';
import { positionsRouter } from './routers/positions-router';
import { signalsRouter } from './routers/signals-router';
import { tradesRouter } from './routers/trades-router';
import { auditRouter } from './routers/audit-router';
import { reconciliationRouter } from './routers/reconciliation-router';
import { riskRouter } from './routers/risk-router';
import { settingsRouter } from './routers/settings-router';
import { slippageRouter } from './routers/slippage-router';
import { usersRouter } from './routers/users-router';

export const appRouter = router({
  auth: authRouter,
  control: controlRouter,
  overview: overviewRouter,
  positions: positionsRouter,
  orders: ordersRouter,
  signals: signalsRouter,
  trades: tradesRouter,
  risk: riskRouter,
  slippage: slippageRouter,
  reconciliation: reconciliationRouter,
  audit: auditRouter,
  settings: settingsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
