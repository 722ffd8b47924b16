import type { PrismaClient } from '@kavach/db';
import type { Auth } from '../auth/create-auth';
import type { SessionUser } from '../auth/session-user';
import type { EngineClient } from '../engine/engine-client';
import type { LiveNotifier } from '../realtime/live-notifier';

/** What the web server gives every procedure; built once, shared by all requests. */
export interface WebServices {
  readonly prisma: PrismaClient;
  readonly auth: Auth;
  readonly engine: EngineClient;
  /** The live sockets of every web process (control notices, ending a user's sockets). */
  readonly live: LiveNotifier;
  readonly now: () => number;
}

export interface TrpcContext extends WebServices {
  readonly user: SessionUser | null;
}
