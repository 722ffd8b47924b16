import type { Db } from '@kavach/db';

/** What the person who just ran `pnpm start` needs to know, as one log record. */
export async function describeFirstRun(options: {
  readonly db: Db;
  readonly publicUrl: string;
  readonly admin: { readonly email: string } | null;
  readonly simulator: string | null;
}): Promise<Record<string, string>> {
  const users = await options.db.prisma.user.count();
  const signIn =
    options.admin !== null
      ? `sign in as ${options.admin.email} (ADMIN_EMAIL / ADMIN_PASSWORD)`
      : users === 0
        ? `first run: open ${options.publicUrl} to create the admin account`
        : 'sign in with your account';
  return {
    dashboard: options.publicUrl,
    login: signIn,
    market:
      options.simulator === null
        ? 'Kite Connect (KITE_ROOT)'
        : `simulated NSE (kite-sim at ${options.simulator}), paper trading`,
  };
}

/** The same, as a few plain lines for the terminal (the JSON log is for machines). */
export function formatBanner(facts: Record<string, string>): string {
  const lines = [
    '',
    '  Kavach is running',
    `  Dashboard  ${facts.dashboard ?? ''}`,
    `  Sign in    ${facts.login ?? ''}`,
    `  Market     ${facts.market ?? ''}`,
    '  Stop       Ctrl-C (open positions stay protected at the broker; restart resumes)',
    '',
  ];
  return `${lines.join('\n')}\n`;
}
