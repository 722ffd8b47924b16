import type { Env } from '@kavach/config';
import { resolveSecret } from '@kavach/config';
import { resolveKiteLoginUrl } from './kite/kite-login-url';
import type { StartWebOptions } from './start-web';

export type WebSettings = Pick<
  StartWebOptions,
  'host' | 'port' | 'publicUrl' | 'authSecret' | 'admin' | 'kite' | 'redisUrl' | 'clientIpHeader'
>;

/**
 * The dashboard's settings from the environment: address, session secret (generated into
 * DATA_DIR when AUTH_SECRET is unset), first admin, Kite login page (`kiteRoot`: the venue,
 * kite-sim's root in the all-in-one process), Redis for the sockets of several web processes.
 */
export async function readWebSettings(
  env: Env,
  kiteRoot: string | undefined,
): Promise<WebSettings> {
  const authSecret = await resolveSecret({
    name: 'AUTH_SECRET',
    envValue: env.AUTH_SECRET,
    dataDir: env.DATA_DIR,
    file: 'auth-secret',
    minLength: 32,
  });
  return {
    host: env.WEB_HOST,
    port: env.WEB_PORT,
    publicUrl: env.WEB_PUBLIC_URL ?? `http://127.0.0.1:${env.WEB_PORT}`,
    authSecret: authSecret.value,
    admin:
      env.ADMIN_EMAIL !== undefined && env.ADMIN_PASSWORD !== undefined
        ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }
        : null,
    kite: {
      loginUrl: resolveKiteLoginUrl(env.KITE_LOGIN_URL, kiteRoot),
      apiKey: env.KITE_API_KEY,
    },
    redisUrl: env.REDIS_URL ?? null,
    clientIpHeader: env.WEB_CLIENT_IP_HEADER ?? null,
  };
}
