import type { PrismaClient } from '@kavach/db';
import type { Auth } from '../auth/create-auth';
import type { SessionUser } from '../auth/session-user';
import type { EngineClient } from '../engine/engine-client';

/** What the web server gives every procedure; built once, shared by all requests. */
export interface WebServices {
  readonly prisma: PrismaClient;
  readonly auth: Auth;
  readonly engine: EngineClient;
  readonly now: () => number;
}

export interface TrpcContext extends WebServices {
  readonly user: SessionUser | null;
}
