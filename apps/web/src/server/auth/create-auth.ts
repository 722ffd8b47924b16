import type { PrismaClient } from '@kavach/db';
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';

/** Set by the web server from the socket's address; a client cannot supply it. */
export const CLIENT_IP_HEADER = 'x-kavach-client-ip';

export interface AuthOptions {
  readonly prisma: PrismaClient;
  /** Signs session cookies; at least 32 characters. */
  readonly secret: string;
  /** The dashboard's public origin, e.g. http://127.0.0.1:3000. */
  readonly baseURL: string;
  /** Password attempts per client address per minute. */
  readonly loginAttemptsPerMinute: number;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Password login with httpOnly session cookies (better-auth). Nobody signs up over HTTP: the
 * first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD or the first-run setup page, and admins
 * add the others; all of them through the server API.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'Kavach',
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret: options.secret,
    database: prismaAdapter(options.prisma, { provider: 'postgresql' }),
    emailAndPassword: { enabled: true, minPasswordLength: 12, maxPasswordLength: 128 },
    user: {
      additionalFields: {
        role: { type: 'string', required: false, defaultValue: 'viewer', input: false },
      },
    },
    session: { expiresIn: 7 * DAY_SECONDS, updateAge: DAY_SECONDS },
    disabledPaths: ['/sign-up/email'],
    rateLimit: {
      enabled: true,
      storage: 'memory',
      window: 60,
      max: 200,
      customRules: {
        '/sign-in/email': { window: 60, max: options.loginAttemptsPerMinute },
      },
    },
    trustedOrigins: [options.baseURL],
    advanced: {
      cookiePrefix: 'kavach',
      useSecureCookies: options.baseURL.startsWith('https://'),
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
